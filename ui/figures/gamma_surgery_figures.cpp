// The gamma scatter (|γⱼ| against each key dimension's use) and the surgery curves.
#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_helpers.h"

#include "core/spectral/metrics.h"
#include "core/store/experiment.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace rsui {

using namespace figure_helpers;

namespace {

// Per (layer, KV head) the y-values of the gamma scatter, [layers][heads][d]; empty if absent.
std::vector<std::vector<std::vector<double>>> keyUseValues(const rs::RunSnapshot& r, int64_t tokens,
                                                           KeyUse u, const rs::Spectra& gamma) {
    std::vector<std::vector<std::vector<double>>> out;
    if (u == KeyUse::Ablation) {
        if (r.ablations.empty()) {
            return out;
        }
        const auto& rows = r.ablations.back().rows;
        out.assign(gamma.shape[0], std::vector<std::vector<double>>(
                                       gamma.shape[1], std::vector<double>(gamma.shape[2], NAN)));
        for (const auto& a : rows) {
            if (size_t(a.layer) < gamma.shape[0] && size_t(a.kv_head) < gamma.shape[1] &&
                size_t(a.dim) < gamma.shape[2]) {
                out[size_t(a.layer)][size_t(a.kv_head)][size_t(a.dim)] = a.delta;
            }
        }
        return out;
    }
    const auto y = rs::readSpectra(rs::RunLayout(r.dir), tokens,
                                   u == KeyUse::PregainEnergy ? rs::kPregainEnergyArray
                                                              : rs::kContributionArray);
    if (y.empty() || y.shape != gamma.shape) {
        return out;
    }
    for (size_t l = 0; l < y.shape[0]; ++l) {
        out.emplace_back();
        for (size_t h = 0; h < y.shape[1]; ++h) {
            out.back().push_back(y.at(l, h));
        }
    }
    return out;
}

} // namespace

FigureData Figures::gammaScatter(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kGammaVsSvd;
    f.title = tr("QK-Norm |γ| vs how much each key dimension is used (K)");
    f.xTitle = tr("|γⱼ|");
    f.yTitle = Labels::keyUse(o.keyUse);
    const rs::RunSnapshot* run = nullptr;
    for (const auto* r : visible(all, o)) {
        if (hasQkNorm(*r) && probeFor(*r, o)) {
            f.focusChoices << runName(*r); // runs without QK-Norm have no gamma to plot
            if (!run && (o.focusRun.isEmpty() || runName(*r) == o.focusRun)) {
                run = r;
            }
        }
    }
    f.emptyMessage = tr("Needs a probed run with QK-Norm (runs without it have no gamma).");
    if (!run) {
        return f;
    }
    f.run = runName(*run);
    const auto* p = probeFor(*run, o);
    // The ablation is measured at one checkpoint: the gammas of that checkpoint go with it.
    const int64_t tokens = o.keyUse == KeyUse::Ablation && !run->ablations.empty()
                               ? run->ablations.back().checkpoint
                               : p->tokens;
    const auto g = rs::readSpectra(rs::RunLayout(run->dir), tokens, rs::gammaArray(rs::QK::K));
    if (g.empty() || g.shape.size() != 3) {
        return f;
    }
    const auto y = keyUseValues(*run, tokens, o.keyUse, g);
    if (y.empty()) {
        f.emptyMessage = o.keyUse == KeyUse::Ablation
                             ? tr("No single-dimension ablation for this run yet (rankscope-cli "
                                  "surgery --ablation, or the headless main job on A1).")
                             : tr("This probe has no pre-gain energies (probed by an older "
                                  "version): re-probe with rankscope-cli probe.");
        return f;
    }
    std::vector<double> all_x, all_y;
    for (size_t l = 0; l < g.shape[0]; ++l) {
        if (o.layer >= 0 && int(l) != o.layer) {
            continue;
        }
        PlotSeries s;
        s.kind = PlotSeries::Kind::Scatter;
        s.color =
            QColor::fromHsvF(0.66 * double(l) / std::max<double>(1, g.shape[0] - 1), 0.75, 0.8);
        std::vector<double> lx, ly;
        for (size_t h = 0; h < g.shape[1]; ++h) {
            if (o.head >= 0 && int(h) != o.head) {
                continue;
            }
            const auto gv = g.at(l, h);
            for (size_t j = 0; j < gv.size(); ++j) {
                if (!std::isfinite(y[l][h][j])) {
                    continue;
                }
                s.points.push_back({std::abs(gv[j]), y[l][h][j]});
                lx.push_back(std::abs(gv[j]));
                ly.push_back(y[l][h][j]);
            }
        }
        all_x.insert(all_x.end(), lx.begin(), lx.end());
        all_y.insert(all_y.end(), ly.begin(), ly.end());
        s.name = tr("layer %1 (ρ = %2)").arg(l).arg(rs::spearman(lx, ly), 0, 'f', 2);
        f.series.push_back(s);
    }
    const bool shared = run->config && run->config->model.sharedGamma();
    f.note = tr("%1 at %2 tokens; Spearman ρ pooled = %3")
                 .arg(runName(*run), formatTokens(double(tokens)))
                 .arg(rs::spearman(all_x, all_y), 0, 'f', 3);
    if (shared) {
        f.note += tr("; one γ shared by all heads: the same |γ| order for every head");
    }
    if (o.keyUse == KeyUse::PostgainEnergy) {
        f.note += tr("; cⱼ contains γⱼ², so ρ is high even for unrelated γ: not evidence");
    }
    return f;
}

FigureData Figures::surgery(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kSurgery;
    f.title = tr("Surgery: held-out loss vs key dimensions pruned");
    f.xTitle = tr("key dimensions pruned (%)");
    f.xRange = std::make_pair(0.0, 100.0);
    f.yTitle = tr("held-out test loss (nats/token)");
    f.emptyMessage = tr("No surgery sweep yet: pick a run and checkpoint in the surgery panel "
                        "and press Sweep (or run rankscope-cli surgery).");
    const rs::RunSnapshot* run = nullptr;
    for (const auto* r : visible(all, o)) {
        if (!r->surgery.empty()) {
            f.focusChoices << runName(*r);
            if (!run && (o.focusRun.isEmpty() || runName(*r) == o.focusRun)) {
                run = r;
            }
        }
    }
    if (o.surgeryMarker) {
        f.markerX = *o.surgeryMarker * 100.0;
    }
    if (!run) {
        return f;
    }
    f.run = runName(*run);
    // The sweep at the scrubbed checkpoint, else the latest.
    const rs::SurgerySweep* sweep = &run->surgery.back();
    if (o.checkpoint) {
        for (const auto& s : run->surgery) {
            if (s.checkpoint <= *o.checkpoint) {
                sweep = &s;
            }
        }
    }
    std::map<rs::Strategy, std::map<double, std::vector<double>>> by;
    for (const auto& row : sweep->rows) {
        by[row.strategy][row.fraction * 100.0].push_back(row.loss);
    }
    for (const auto& [strategy, byX] : by) {
        const QString label = Labels::strategy(strategy);
        const QColor color = strategyColor(strategy);
        size_t draws = 1;
        for (const auto& [x, v] : byX) {
            draws = std::max(draws, v.size());
        }
        // The random draws' spread (not seeds): min–max, as the sweep records them.
        addGroup(f, label, color, byX, draws, true, {}, QString::fromUtf8(rs::key(strategy)),
                 SeedBand::MinMax);
    }
    f.note = tr("%1 at %2 tokens").arg(runName(*run), formatTokens(double(sweep->checkpoint)));
    return f;
}

} // namespace rsui
