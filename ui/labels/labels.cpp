#include "ui/labels/labels.h"
#include "ui/labels/choice_labels.h"

#include "core/store/experiment.h"

namespace rsui {

// One label per name; the switches have no default so a new enum value warns here.
QString Labels::metric(rs::Metric m) {
    switch (m) {
    case rs::Metric::PR:
        return tr("participation ratio (Σσ)²/Σσ²");
    case rs::Metric::CovPR:
        return tr("covariance participation ratio");
    case rs::Metric::EntropyRank:
        return tr("entropy effective rank");
    case rs::Metric::EnergyRank90:
        return tr("90%-energy rank");
    case rs::Metric::Condition:
        return tr("condition number σ₁/σ_min");
    case rs::Metric::StableRank:
        return tr("stable rank ‖A‖²_F/σ₁²");
    }
    return QString::fromUtf8(rs::key(m));
}

QString Labels::metricAxis(rs::Metric m) {
    switch (m) {
    case rs::Metric::PR:
        return tr("PR (dimensions)");
    case rs::Metric::CovPR:
        return tr("covariance PR (dimensions)");
    case rs::Metric::EntropyRank:
        return tr("entropy rank (dimensions)");
    case rs::Metric::EnergyRank90:
        return tr("90%-energy rank");
    case rs::Metric::Condition:
        return tr("condition number");
    case rs::Metric::StableRank:
        return tr("stable rank");
    }
    return QString::fromUtf8(rs::key(m));
}

QString Labels::tap(rs::Tap t) {
    switch (t) {
    case rs::Tap::Pre:
        return tr("before QK-Norm (X·Wᵀ)");
    case rs::Tap::Gainless:
        return tr("RMS-normalised, before the gain");
    case rs::Tap::Normed:
        return tr("after QK-Norm");
    case rs::Tap::Rope:
        return tr("after RoPE");
    }
    return QString::fromUtf8(rs::key(t));
}

QString Labels::qk(rs::QK qk) {
    return qk == rs::QK::K ? QStringLiteral("K") : QStringLiteral("Q");
}

QString Labels::strategy(rs::Strategy s, bool brief) {
    switch (s) {
    case rs::Strategy::Gamma:
        return brief ? tr("gamma") : tr("gamma (smallest |γ|)");
    case rs::Strategy::Svd:
        return brief ? tr("SVD") : tr("SVD (smallest singular directions)");
    case rs::Strategy::Random:
        return tr("random");
    case rs::Strategy::WkNorm:
        return brief ? tr("W_k norm") : tr("W_k row norm");
    case rs::Strategy::Energy:
        return brief ? tr("energy") : tr("energy (smallest pre-gain energy share)");
    }
    return QString::fromUtf8(rs::key(s));
}

QString Labels::strategyToolTip(rs::Strategy s) {
    switch (s) {
    case rs::Strategy::Gamma:
        return tr("Zero the key dimensions with the smallest |QK-Norm gamma|");
    case rs::Strategy::Svd:
        return tr("Project K onto its top singular directions on the evaluation batch");
    case rs::Strategy::Random:
        return tr("Zero randomly chosen dimensions (5 seeded draws): the control");
    case rs::Strategy::WkNorm:
        return tr("Zero the dimensions whose W_k rows have the smallest norm (works without "
                  "QK-Norm)");
    case rs::Strategy::Energy:
        return tr("Zero the dimensions that carry the smallest share of K's energy before the "
                  "gain on the evaluation batch: the best axis-aligned choice, to compare gamma "
                  "with");
    }
    return {};
}

QString Labels::factor(rs::Factor f) {
    switch (f) {
    case rs::Factor::Cell:
        return tr("cell");
    case rs::Factor::QkNorm:
        return tr("QK-Norm");
    case rs::Factor::Optimizer:
        return tr("optimizer");
    case rs::Factor::Data:
        return tr("data");
    case rs::Factor::MuonGrouping:
        return tr("Muon grouping");
    case rs::Factor::DecayHidden:
        return tr("decay of hidden matrices");
    case rs::Factor::Preset:
        return tr("preset");
    case rs::Factor::MuonLr:
        return tr("Muon learning rate");
    case rs::Factor::AdamwLr:
        return tr("AdamW learning rate");
    case rs::Factor::WeightDecay:
        return tr("weight decay");
    case rs::Factor::DModel:
        return tr("d_model");
    case rs::Factor::Layers:
        return tr("layers");
    case rs::Factor::TokenBudget:
        return tr("token budget");
    }
    return QString::fromUtf8(rs::key(f));
}

QString Labels::keyUse(KeyUse u) {
    switch (u) {
    case KeyUse::PregainEnergy:
        // Σᵢ σᵢ² vᵢⱼ² / Σᵢ σᵢ² over K's SVD before the gain: the SVD's own measure of dimension j.
        return tr("SVD energy share before the gain, eⱼ = Σᵢσᵢ²vᵢⱼ²/Σσ²");
    case KeyUse::Ablation:
        return tr("loss increase when γⱼ·x̂ⱼ alone is zeroed (nats; scales with |γⱼ|)");
    case KeyUse::PostgainEnergy:
        return tr("SVD energy share after the gain, cⱼ (contains γⱼ²)");
    }
    return {};
}

} // namespace rsui

namespace rsui {

QString Labels::factorValue(const rs::RunSnapshot& r, rs::Factor f) {
    const QString raw = QString::fromStdString(rs::factorValue(r, f));
    if (!r.config || f == rs::Factor::Cell) {
        return raw;
    }
    const rs::RunConfig& c = *r.config;
    switch (f) {
    case rs::Factor::QkNorm:
        return c.model.qk_norm ? tr("on") : tr("off");
    case rs::Factor::Optimizer:
        return choiceLabel(c.train.optimizer);
    case rs::Factor::Data:
        // The synthetic language has the same level names as the prepared corpora: say which.
        return c.data.source == rs::DataSource::Synthetic
                   ? tr("synthetic %1").arg(choiceLabel(c.data.variant))
                   : choiceLabel(c.data.variant);
    case rs::Factor::DecayHidden:
        return c.train.adamw.decay_hidden_matrices ? tr("yes") : tr("no");
    case rs::Factor::MuonGrouping:
        return c.train.usesMuon() ? choiceLabel(c.train.muon.grouping) : raw;
    default:
        return raw;
    }
}

QString Labels::group(const rs::RunSnapshot& r, const std::vector<rs::Factor>& factors) {
    QStringList parts;
    for (const rs::Factor f : factors) {
        QString v = factorValue(r, f);
        if (v.isEmpty()) {
            v = QStringLiteral("?");
        }
        // The optimizer and the cell name themselves; other values need their factor's name.
        parts << (f == rs::Factor::Optimizer || f == rs::Factor::Cell
                      ? v
                      : tr("%1 %2", "factor, value: QK-Norm on").arg(factor(f), v));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace rsui

namespace rsui {

QString Labels::seedBand(SeedBand b) {
    switch (b) {
    case SeedBand::Ci95:
        return tr("mean, 95 % t interval");
    case SeedBand::Sd:
        return tr("mean ± SD");
    case SeedBand::MinMax:
        return tr("mean, min–max");
    case SeedBand::Seeds:
        return tr("each seed");
    }
    return {};
}

QString Labels::seedBandOf(SeedBand b, const QString& label) {
    switch (b) {
    case SeedBand::Ci95:
        return tr("%1 95 % interval").arg(label);
    case SeedBand::Sd:
        return tr("%1 ± SD").arg(label);
    case SeedBand::MinMax:
    case SeedBand::Seeds:
        return tr("%1 min–max").arg(label);
    }
    return label;
}

} // namespace rsui
