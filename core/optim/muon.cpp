#include "optim/muon.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs {

Muon::Muon(std::vector<at::Tensor> params, const MuonConfig& cfg, bool bf16_ns)
    : params_(std::move(params)), cfg_(cfg),
      schedule_(orthogonalizeSchedule(cfg.coefficients, cfg.ns_steps)), lr_(cfg.lr),
      bf16_ns_(bf16_ns) {
    for (size_t i = 0; i < params_.size(); ++i) {
        TORCH_CHECK(params_[i].dim() == 2, "Muon only takes matrices");
        auto same = std::find_if(groups_.begin(), groups_.end(), [&](const ShapeGroup& g) {
            return params_[g.members.front()].sizes() == params_[i].sizes();
        });
        if (same == groups_.end()) {
            groups_.push_back({{i}, {}});
        } else {
            same->members.push_back(i);
        }
    }
    for (auto& g : groups_) {
        const auto& p = params_[g.members.front()];
        g.momentum = torch::zeros({int64_t(g.members.size()), p.size(0), p.size(1)}, p.options());
    }
}

void Muon::step() {
    torch::NoGradGuard guard;
    for (auto& group : groups_) {
        std::vector<at::Tensor> grads;
        for (size_t i : group.members) {
            const auto& g = params_[i].grad();
            grads.push_back(g.defined() ? g : torch::zeros_like(params_[i]));
        }
        auto g = torch::stack(grads);
        auto& buf = group.momentum;
        buf.mul_(cfg_.momentum).add_(g);
        auto update = cfg_.nesterov ? g.add(buf, cfg_.momentum) : buf;
        auto o = orthogonalize(update, schedule_, bf16_ns_);
        const auto& first = params_[group.members.front()];
        const double scale =
            std::sqrt(std::max(1.0, double(first.size(0)) / double(first.size(1))));
        for (size_t k = 0; k < group.members.size(); ++k) {
            auto& p = params_[group.members[k]];
            if (cfg_.weight_decay > 0) {
                p.mul_(1.0 - lr_ * cfg_.weight_decay);
            }
            p.add_(o[int64_t(k)].to(p.scalar_type()), -lr_ * scale);
        }
    }
}

void Muon::zeroGrad() {
    for (auto& p : params_) {
        p.mutable_grad().reset(); // undefined: the next backward assigns instead of adding
    }
}

// Saved per parameter (momentum_<index>), independent of how steps are batched.
void Muon::save(torch::serialize::OutputArchive& archive) const {
    for (const auto& g : groups_) {
        for (size_t k = 0; k < g.members.size(); ++k) {
            archive.write("momentum_" + std::to_string(g.members[k]),
                          g.momentum[int64_t(k)].clone(), /*is_buffer=*/true);
        }
    }
}

void Muon::load(torch::serialize::InputArchive& archive) {
    for (auto& g : groups_) {
        for (size_t k = 0; k < g.members.size(); ++k) {
            at::Tensor t;
            archive.read("momentum_" + std::to_string(g.members[k]), t, /*is_buffer=*/true);
            auto slot = g.momentum[int64_t(k)];
            TORCH_CHECK(t.sizes() == slot.sizes(),
                        "checkpoint Muon state does not match the model (momentum ", g.members[k],
                        ")");
            slot.copy_(t);
        }
    }
}

} // namespace rs
