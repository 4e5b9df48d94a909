#include "core/store/run_factors.h"

#include "core/store/experiment.h"

#include <cstdio>

namespace rs {

const char* key(Factor f) {
    for (const auto& n : kFactorNames) {
        if (n.value == f) {
            return n.key;
        }
    }
    return "";
}

std::optional<Factor> factorFromKey(const std::string& k) {
    for (const auto& n : kFactorNames) {
        if (k == n.key) {
            return n.value;
        }
    }
    return std::nullopt;
}

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

std::string factorValue(const RunConfig& c, Factor f) {
    switch (f) {
    case Factor::Cell:
        return c.cell;
    case Factor::QkNorm:
        return c.model.qk_norm ? "on" : "off";
    case Factor::Optimizer:
        return key(c.train.optimizer);
    case Factor::Data:
        return key(c.data.variant);
    case Factor::MuonGrouping:
        return c.train.usesMuon() ? key(c.train.muon.grouping) : "-";
    case Factor::DecayHidden:
        return c.train.adamw.decay_hidden_matrices ? "yes" : "no";
    case Factor::Preset:
        return c.preset;
    case Factor::MuonLr:
        return c.train.usesMuon() ? number(c.train.muon.lr) : "-";
    case Factor::AdamwLr:
        return number(c.train.adamw.lr);
    case Factor::WeightDecay:
        return number(c.train.adamw.weight_decay);
    case Factor::DModel:
        return std::to_string(c.model.d_model);
    case Factor::Layers:
        return std::to_string(c.model.n_layers);
    case Factor::TokenBudget:
        return std::to_string(c.train.token_budget);
    }
    return "";
}

std::string factorValue(const RunSnapshot& r, Factor f) {
    if (f == Factor::Cell) {
        return r.cell;
    }
    return r.config ? factorValue(*r.config, f) : std::string();
}

std::map<std::string, std::vector<const RunSnapshot*>>
groupByFactors(const std::vector<const RunSnapshot*>& runs, const std::vector<Factor>& factors) {
    if (factors.empty() || (factors.size() == 1 && factors.front() == Factor::Cell)) {
        return groupByCell(runs);
    }
    std::map<std::string, std::vector<const RunSnapshot*>> out;
    for (const auto* r : runs) {
        std::string label;
        for (const Factor f : factors) {
            const std::string v = factorValue(*r, f);
            label +=
                (label.empty() ? "" : " · ") + std::string(key(f)) + "=" + (v.empty() ? "?" : v);
        }
        out[label].push_back(r);
    }
    return out;
}

} // namespace rs
