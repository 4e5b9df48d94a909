#include "core/optim/optimizer_set.h"
#include "core/model/transformer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs {

bool isHiddenMatrix(const std::string& name, const at::Tensor& p) {
    return p.dim() == 2 && name.rfind("block", 0) == 0 && name.find("norm") == std::string::npos;
}

ParamSplit splitParameters(TransformerImpl& model, const std::string& optimizer) {
    ParamSplit s;
    for (const auto& p : model.named_parameters()) {
        const auto& name = p.key();
        if (optimizer == "muon_adamw" && isHiddenMatrix(name, p.value())) {
            s.muon_names.push_back(name);
            s.muon.push_back(p.value());
        } else {
            s.adamw_names.push_back(name);
            s.adamw.push_back(p.value());
        }
    }
    return s;
}

std::vector<MuonUnit> muonUnits(const std::vector<std::string>& names,
                                const std::string& grouping) {
    std::vector<MuonUnit> units;
    std::vector<bool> taken(names.size(), false);
    if (grouping == "fused_qkvo") {
        // Per layer, W_q, W_k, W_v, W_o stacked in the reference's row order.
        for (size_t i = 0; i < names.size(); ++i) {
            const auto at = names[i].find("attn.q_proj.weight");
            if (at == std::string::npos) {
                continue;
            }
            const auto prefix = names[i].substr(0, at) + "attn.";
            MuonUnit unit;
            for (const char* part : {"q_proj", "k_proj", "v_proj", "o_proj"}) {
                auto it = std::find(names.begin(), names.end(), prefix + part + ".weight");
                if (it != names.end()) {
                    unit.push_back(size_t(it - names.begin()));
                }
            }
            if (unit.size() == 4) {
                for (size_t k : unit) {
                    taken[k] = true;
                }
                units.push_back(std::move(unit));
            }
        }
    }
    for (size_t i = 0; i < names.size(); ++i) {
        if (!taken[i]) {
            units.push_back({i});
        }
    }
    return units;
}

double lrMultiplier(const TrainConfig& cfg, int64_t step, int64_t total) {
    if (cfg.lr_schedule == "constant") {
        return 1.0;
    }
    const double warmup = std::floor(cfg.warmup_fraction * double(total));
    if (step < warmup) {
        return double(step + 1) / warmup;
    }
    const double span = std::max(1.0, double(total) - warmup);
    const double progress = std::min(1.0, (double(step) - warmup) / span);
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
    return cfg.min_lr_fraction + (1.0 - cfg.min_lr_fraction) * cosine;
}

OptimizerSet::OptimizerSet(TransformerImpl& model, const TrainConfig& cfg, bool bf16_compute)
    : cfg_(cfg), split_(splitParameters(model, cfg.optimizer)) {
    if (!split_.muon.empty()) {
        const bool bf16_ns =
            cfg.muon.ns_precision == "bf16" || (cfg.muon.ns_precision == "auto" && bf16_compute);
        muon_ = std::make_unique<Muon>(split_.muon, cfg.muon, bf16_ns,
                                       muonUnits(split_.muon_names, cfg.muon.grouping));
    }
    auto opts = torch::optim::AdamWOptions(cfg.adamw.lr)
                    .betas({cfg.adamw.beta1, cfg.adamw.beta2})
                    .eps(cfg.adamw.eps)
                    .weight_decay(cfg.adamw.weight_decay);
    if (cfg.adamw.decay_hidden_matrices) {
        adamw_ = std::make_unique<torch::optim::AdamW>(split_.adamw, opts);
        return;
    }
    // Two groups: hidden matrices without decay, everything else with it.
    std::vector<at::Tensor> decayed, undecayed;
    for (size_t i = 0; i < split_.adamw.size(); ++i) {
        (isHiddenMatrix(split_.adamw_names[i], split_.adamw[i]) ? undecayed : decayed)
            .push_back(split_.adamw[i]);
    }
    auto no_decay = std::make_unique<torch::optim::AdamWOptions>(opts);
    no_decay->weight_decay(0.0);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed);
    groups.emplace_back(undecayed, std::move(no_decay));
    adamw_ = std::make_unique<torch::optim::AdamW>(std::move(groups), opts);
}

OptimizerSet::~OptimizerSet() = default;

void OptimizerSet::setLrMultiplier(double m) {
    if (muon_) {
        muon_->setLr(cfg_.muon.lr * m);
    }
    for (auto& group : adamw_->param_groups()) {
        group.options().set_lr(cfg_.adamw.lr * m);
    }
}

void OptimizerSet::step() {
    if (muon_) {
        muon_->step();
    }
    adamw_->step();
}

void OptimizerSet::zeroGrad() {
    if (muon_) {
        muon_->zeroGrad();
    }
    for (auto& p : split_.adamw) {
        p.mutable_grad().reset(); // undefined: the next backward assigns instead of adding
    }
}

// AdamW's state in parameter order ("exp_avg_<i>", ...): LibTorch's own save walks a hash map
// keyed by addresses, so equal states gave checkpoints with different bytes.
void OptimizerSet::save(torch::serialize::OutputArchive& archive) const {
    if (muon_) {
        torch::serialize::OutputArchive m;
        muon_->save(m);
        archive.write("muon", m);
    }
    torch::serialize::OutputArchive a;
    auto& state = adamw_->state();
    for (size_t i = 0; i < split_.adamw.size(); ++i) {
        const auto it = state.find(c10::guts::to_string(split_.adamw[i].unsafeGetTensorImpl()));
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

void OptimizerSet::load(torch::serialize::InputArchive& archive) {
    if (muon_) {
        torch::serialize::InputArchive m;
        archive.read("muon", m);
        muon_->load(m);
    }
    torch::serialize::InputArchive a;
    if (!archive.try_read("adamw_by_index", a)) {
        archive.read("adamw", a); // written before the state was saved in parameter order
        adamw_->load(a);
        return;
    }
    auto& state = adamw_->state();
    for (size_t i = 0; i < split_.adamw.size(); ++i) {
        const auto n = std::to_string(i);
        at::Tensor step, avg, avg_sq;
        if (!a.try_read("step_" + n, step, true)) {
            continue;
        }
        a.read("exp_avg_" + n, avg, true);
        a.read("exp_avg_sq_" + n, avg_sq, true);
        const auto& p = split_.adamw[i];
        TORCH_CHECK(avg.sizes() == p.sizes(), "checkpoint AdamW state does not match the model");
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->step(step.item<int64_t>());
        s->exp_avg(avg.to(p.device()));
        s->exp_avg_sq(avg_sq.to(p.device()));
        state[c10::guts::to_string(p.unsafeGetTensorImpl())] = std::move(s);
    }
}

} // namespace rs
