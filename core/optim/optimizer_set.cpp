#include "core/optim/optimizer_set.h"
#include "core/optim/adamw.h"
#include "core/model/transformer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs {

bool isHiddenMatrix(const std::string& name, const at::Tensor& p) {
    return p.dim() == 2 && name.rfind("block", 0) == 0 && name.find("norm") == std::string::npos;
}

bool isGain(const std::string& name) {
    return name.find("norm") != std::string::npos;
}

ParamSplit splitParameters(TransformerImpl& model, Optimizer optimizer) {
    ParamSplit s;
    for (const auto& p : model.named_parameters()) {
        const auto& name = p.key();
        if (!p.value().requires_grad()) {
            continue; // a frozen gain: no optimizer holds it
        }
        if (hasFlag(optimizer, kUsesMuon) && isHiddenMatrix(name, p.value())) {
            s.muon_names.push_back(name);
            s.muon.push_back(p.value());
        } else {
            s.adamw_names.push_back(name);
            s.adamw.push_back(p.value());
        }
    }
    return s;
}

std::vector<MuonUnit> muonUnits(const std::vector<std::string>& names, MuonGrouping grouping) {
    std::vector<MuonUnit> units;
    std::vector<bool> taken(names.size(), false);
    if (grouping == MuonGrouping::FusedQkvo) {
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
    if (cfg.lr_schedule == LrSchedule::Constant) {
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

namespace {

using Parts = std::vector<std::unique_ptr<ParamOptimizer>>;

// Muon on the hidden matrices (grouped as configured), AdamW on everything else.
Parts muonWithAdamW(const ParamSplit& split, const TrainConfig& cfg, bool bf16_compute) {
    Parts parts;
    if (!split.muon.empty()) {
        const bool bf16_ns = cfg.muon.ns_precision == NsPrecision::Bf16 ||
                             (cfg.muon.ns_precision == NsPrecision::Auto && bf16_compute);
        parts.push_back(std::make_unique<Muon>(split.muon, cfg.muon, bf16_ns,
                                               muonUnits(split.muon_names, cfg.muon.grouping)));
    }
    parts.push_back(
        std::make_unique<AdamW>(split.adamw_names, split.adamw, cfg.adamw, cfg.decay_gains));
    return parts;
}

Parts adamwOnly(const ParamSplit& split, const TrainConfig& cfg, bool) {
    Parts parts;
    parts.push_back(
        std::make_unique<AdamW>(split.adamw_names, split.adamw, cfg.adamw, cfg.decay_gains));
    return parts;
}

// What each value of Optimizer (core/config/choices.h) builds over splitParameters' shares.
struct OptimizerRecipe {
    Optimizer value;
    Parts (*build)(const ParamSplit&, const TrainConfig&, bool bf16_compute);
};
constexpr OptimizerRecipe kOptimizerRecipes[] = {{Optimizer::MuonAdamW, &muonWithAdamW},
                                                 {Optimizer::AdamW, &adamwOnly}};

} // namespace

OptimizerSet::OptimizerSet(TransformerImpl& model, const TrainConfig& cfg, bool bf16_compute)
    : split_(splitParameters(model, cfg.optimizer)), lr_scale_(cfg.lr_scale) {
    for (const auto& recipe : kOptimizerRecipes) {
        if (recipe.value == cfg.optimizer) {
            parts_ = recipe.build(split_, cfg, bf16_compute);
        }
    }
    if (parts_.empty()) {
        throw ConfigError("train.optimizer",
                          std::string("no recipe builds \"") + key(cfg.optimizer) + "\"");
    }
}

OptimizerSet::~OptimizerSet() = default;

void OptimizerSet::setLrMultiplier(double m) {
    for (auto& p : parts_) {
        p->setLrMultiplier(m * lr_scale_);
    }
}

void OptimizerSet::step() {
    for (auto& p : parts_) {
        p->step();
    }
}

void OptimizerSet::zeroGrad() {
    for (auto& p : parts_) {
        p->zeroGrad();
    }
}

void OptimizerSet::save(torch::serialize::OutputArchive& archive) const {
    for (const auto& p : parts_) {
        p->saveInto(archive);
    }
}

void OptimizerSet::load(torch::serialize::InputArchive& archive) {
    for (auto& p : parts_) {
        p->loadFrom(archive);
    }
}

} // namespace rs
