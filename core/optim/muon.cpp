#include "optim/muon.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs {

Muon::Muon(std::vector<at::Tensor> params, const MuonConfig& cfg)
    : params_(std::move(params)), cfg_(cfg),
      schedule_(orthogonalizeSchedule(cfg.coefficients, cfg.ns_steps)), lr_(cfg.lr) {
    for (const auto& p : params_) {
        TORCH_CHECK(p.dim() == 2, "Muon only takes matrices");
        momentum_.push_back(torch::zeros_like(p));
    }
}

void Muon::step() {
    torch::NoGradGuard guard;
    for (size_t i = 0; i < params_.size(); ++i) {
        auto& p = params_[i];
        if (!p.grad().defined()) {
            continue;
        }
        const auto& g = p.grad();
        auto& buf = momentum_[i];
        buf.mul_(cfg_.momentum).add_(g);
        auto update = cfg_.nesterov ? g.add(buf, cfg_.momentum) : buf;
        auto o = orthogonalize(update, schedule_);
        const double scale =
            std::sqrt(std::max(1.0, double(p.size(0)) / double(p.size(1))));
        if (cfg_.weight_decay > 0) {
            p.mul_(1.0 - lr_ * cfg_.weight_decay);
        }
        p.add_(o.to(p.scalar_type()), -lr_ * scale);
    }
}

void Muon::zeroGrad() {
    for (auto& p : params_) {
        if (p.grad().defined()) {
            p.grad().zero_();
        }
    }
}

void Muon::save(torch::serialize::OutputArchive& archive) const {
    for (size_t i = 0; i < momentum_.size(); ++i) {
        archive.write("momentum_" + std::to_string(i), momentum_[i], /*is_buffer=*/true);
    }
}

void Muon::load(torch::serialize::InputArchive& archive) {
    for (size_t i = 0; i < momentum_.size(); ++i) {
        at::Tensor t;
        archive.read("momentum_" + std::to_string(i), t, /*is_buffer=*/true);
        TORCH_CHECK(t.sizes() == momentum_[i].sizes(),
                    "checkpoint Muon state does not match the model (momentum ", i, ")");
        momentum_[i].copy_(t);
    }
}

} // namespace rs
