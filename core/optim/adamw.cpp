#include "core/optim/adamw.h"
#include "core/optim/optimizer_set.h"

#include <torch/torch.h>

namespace rs {

AdamW::AdamW(std::vector<std::string> names, std::vector<at::Tensor> params, const AdamWConfig& cfg,
             bool decay_gains)
    : params_(std::move(params)), cfg_(cfg) {
    auto opts = torch::optim::AdamWOptions(cfg.lr)
                    .betas({cfg.beta1, cfg.beta2})
                    .eps(cfg.eps)
                    .weight_decay(cfg.weight_decay);
    if (cfg.decay_hidden_matrices && decay_gains) {
        adamw_ = std::make_unique<torch::optim::AdamW>(params_, opts);
        return;
    }
    // Two groups: what the switches exempt from decay, and everything else.
    std::vector<at::Tensor> decayed, undecayed;
    for (size_t i = 0; i < params_.size(); ++i) {
        const bool exempt = (!cfg.decay_hidden_matrices && isHiddenMatrix(names[i], params_[i])) ||
                            (!decay_gains && isGain(names[i]));
        (exempt ? undecayed : decayed).push_back(params_[i]);
    }
    auto no_decay = std::make_unique<torch::optim::AdamWOptions>(opts);
    no_decay->weight_decay(0.0);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed);
    groups.emplace_back(undecayed, std::move(no_decay));
    adamw_ = std::make_unique<torch::optim::AdamW>(std::move(groups), opts);
}

AdamW::~AdamW() = default;

void AdamW::setLrMultiplier(double m) {
    for (auto& group : adamw_->param_groups()) {
        group.options().set_lr(cfg_.lr * m);
    }
}

void AdamW::step() {
    adamw_->step();
}

void AdamW::zeroGrad() {
    for (auto& p : params_) {
        p.mutable_grad().reset(); // undefined: the next backward assigns instead of adding
    }
}

// The state in parameter order ("exp_avg_<i>", ...): LibTorch's own save walks a hash map
// keyed by addresses, so equal states gave checkpoints with different bytes.
void AdamW::saveInto(torch::serialize::OutputArchive& archive) const {
    torch::serialize::OutputArchive a;
    auto& state = adamw_->state();
    for (size_t i = 0; i < params_.size(); ++i) {
        const auto it = state.find(c10::guts::to_string(params_[i].unsafeGetTensorImpl()));
        if (it == state.end()) {
            continue; // no step taken yet
        }
        const auto& s = static_cast<const torch::optim::AdamWParamState&>(*it->second);
        const auto n = std::to_string(i);
        a.write("step_" + n, torch::tensor(s.step(), torch::kInt64), true);
        a.write("exp_avg_" + n, s.exp_avg(), true);
        a.write("exp_avg_sq_" + n, s.exp_avg_sq(), true);
    }
    archive.write("adamw_by_index", a);
}

void AdamW::loadFrom(torch::serialize::InputArchive& archive) {
    torch::serialize::InputArchive a;
    if (!archive.try_read("adamw_by_index", a)) {
        torch::serialize::InputArchive old;
        archive.read("adamw", old); // written before the state was saved in parameter order
        adamw_->load(old);
        return;
    }
    auto& state = adamw_->state();
    for (size_t i = 0; i < params_.size(); ++i) {
        const auto n = std::to_string(i);
        at::Tensor step, avg, avg_sq;
        if (!a.try_read("step_" + n, step, true)) {
            continue;
        }
        a.read("exp_avg_" + n, avg, true);
        a.read("exp_avg_sq_" + n, avg_sq, true);
        const auto& p = params_[i];
        TORCH_CHECK(avg.sizes() == p.sizes(), "checkpoint AdamW state does not match the model");
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->step(step.item<int64_t>());
        s->exp_avg(avg.to(p.device()));
        s->exp_avg_sq(avg_sq.to(p.device()));
        state[c10::guts::to_string(p.unsafeGetTensorImpl())] = std::move(s);
    }
}

} // namespace rs
