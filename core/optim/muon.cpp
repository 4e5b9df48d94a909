#include "core/optim/muon.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs {

Muon::Muon(std::vector<at::Tensor> params, const MuonConfig& cfg, bool bf16_ns,
           std::vector<MuonUnit> units)
    : params_(std::move(params)), cfg_(cfg),
      schedule_(orthogonalizeSchedule(cfg.coefficients, cfg.ns_steps)), lr_(cfg.lr),
      bf16_ns_(bf16_ns) {
    if (units.empty()) {
        for (size_t i = 0; i < params_.size(); ++i) {
            units.push_back({i});
        }
    }
    std::vector<std::vector<int64_t>> shapes; // stacked [rows, cols] per unit
    for (const auto& unit : units) {
        TORCH_CHECK(!unit.empty(), "Muon: an empty unit");
        std::vector<Slice> slices;
        int64_t rows = 0;
        const int64_t cols = params_.at(unit.front()).size(1);
        for (size_t i : unit) {
            const auto& p = params_.at(i);
            TORCH_CHECK(p.dim() == 2, "Muon only takes matrices");
            TORCH_CHECK(p.size(1) == cols, "Muon: stacked matrices need the same column count");
            slices.push_back({i, rows, rows + p.size(0)});
            rows += p.size(0);
        }
        units_.push_back(std::move(slices));
        shapes.push_back({rows, cols});
    }
    for (size_t u = 0; u < units_.size(); ++u) {
        auto same = std::find_if(groups_.begin(), groups_.end(), [&](const ShapeGroup& g) {
            return shapes[g.members.front()] == shapes[u];
        });
        if (same == groups_.end()) {
            groups_.push_back({{u}, {}});
        } else {
            same->members.push_back(u);
        }
    }
    for (auto& g : groups_) {
        const auto& shape = shapes[g.members.front()];
        const auto& p = params_[units_[g.members.front()].front().param];
        g.momentum = torch::zeros({int64_t(g.members.size()), shape[0], shape[1]}, p.options());
        g.grad = torch::empty_like(g.momentum);
    }
}

void Muon::step() {
    torch::NoGradGuard guard;
    for (auto& group : groups_) {
        // Gradients gathered straight into the group's stack (no per-step cat or stack).
        auto& g = group.grad;
        for (size_t k = 0; k < group.members.size(); ++k) {
            for (const auto& s : units_[group.members[k]]) {
                const auto& pg = params_[s.param].grad();
                auto slot = g[int64_t(k)].slice(0, s.begin, s.end);
                pg.defined() ? slot.copy_(pg) : slot.zero_();
            }
        }
        auto& buf = group.momentum;
        buf.mul_(cfg_.momentum).add_(g);
        const auto& update = cfg_.nesterov ? g.add_(buf, cfg_.momentum) : buf;
        auto o = orthogonalize(update, schedule_, bf16_ns_);
        const double scale = std::sqrt(std::max(1.0, double(buf.size(1)) / double(buf.size(2))));
        for (size_t k = 0; k < group.members.size(); ++k) {
            for (const auto& s : units_[group.members[k]]) {
                auto& p = params_[s.param];
                if (cfg_.weight_decay > 0) {
                    p.mul_(1.0 - lr_ * cfg_.weight_decay);
                }
                p.add_(o[int64_t(k)].slice(0, s.begin, s.end), -lr_ * scale);
            }
        }
    }
}

void Muon::zeroGrad() {
    for (auto& p : params_) {
        p.mutable_grad().reset(); // undefined: the next backward assigns instead of adding
    }
}

// Saved per parameter (momentum_<index>), independent of how units are stacked and batched.
void Muon::saveInto(torch::serialize::OutputArchive& parent) const {
    torch::serialize::OutputArchive archive;
    for (const auto& g : groups_) {
        for (size_t k = 0; k < g.members.size(); ++k) {
            for (const auto& s : units_[g.members[k]]) {
                archive.write("momentum_" + std::to_string(s.param),
                              g.momentum[int64_t(k)].slice(0, s.begin, s.end).clone(),
                              /*is_buffer=*/true);
            }
        }
    }
    parent.write("muon", archive);
}

void Muon::loadFrom(torch::serialize::InputArchive& parent) {
    torch::serialize::InputArchive archive;
    parent.read("muon", archive);
    for (auto& g : groups_) {
        for (size_t k = 0; k < g.members.size(); ++k) {
            for (const auto& s : units_[g.members[k]]) {
                at::Tensor t;
                archive.read("momentum_" + std::to_string(s.param), t, /*is_buffer=*/true);
                auto slot = g.momentum[int64_t(k)].slice(0, s.begin, s.end);
                TORCH_CHECK(t.sizes() == slot.sizes(),
                            "checkpoint Muon state does not match the model (momentum ", s.param,
                            ")");
                slot.copy_(t);
            }
        }
    }
}

} // namespace rs
