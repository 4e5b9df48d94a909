#include "ui/figures/figure_builder.h"
#include "ui/figures/smoothing.h"
#include "ui/labels/matrix_text.h"
#include "core/config/run_config.h"
#include "core/config/study_design.h"

#include "core/spectral/metrics.h"
#include "core/store/experiment.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <map>

namespace rsui {

namespace {

bool shown(const rs::RunSnapshot& r, const FigureOptions& o) {
    return !o.hiddenRuns.contains(QString::fromStdString(r.name));
}

Runs visible(const Runs& runs, const FigureOptions& o) {
    Runs out;
    for (const auto* r : runs) {
        if (shown(*r, o)) {
            out.push_back(r);
        }
    }
    return out;
}

// The probe a run shows at the scrubbed mark: the last one at or before it.
const rs::ProbeSummary* probeFor(const rs::RunSnapshot& r, const FigureOptions& o) {
    if (!o.checkpoint) {
        return r.lastProbe();
    }
    const rs::ProbeSummary* best = nullptr;
    for (const auto& p : r.probes) {
        if (p.tokens <= *o.checkpoint) {
            best = &p;
        }
    }
    return best;
}

QString runName(const rs::RunSnapshot& r) {
    return QString::fromStdString(r.name);
}

QStringList runNames(const Runs& runs) {
    QStringList out;
    for (const auto* r : runs) {
        out << runName(*r);
    }
    return out;
}

bool hasQkNorm(const rs::RunSnapshot& r) {
    return r.config && r.config->model.qk_norm;
}

// x > 0 and y > 0 where an axis is logarithmic.
QList<QPointF> forAxes(const QList<QPointF>& pts, bool logX, bool logY) {
    QList<QPointF> out;
    for (const auto& p : pts) {
        if (std::isfinite(p.x()) && std::isfinite(p.y()) && (!logX || p.x() > 0) &&
            (!logY || p.y() > 0)) {
            out.push_back(p);
        }
    }
    return out;
}

// Mean line plus a min-max band over several runs' values at shared x positions.
void addGroup(FigureData& f, const QString& label, const QColor& color,
              const std::map<double, std::vector<double>>& byX, size_t runs, bool markers,
              const QStringList& names = {}) {
    PlotSeries mean, band;
    mean.runs = names;
    band.runs = names;
    mean.name = runs > 1 ? Figures::tr("%1 (mean of %2)").arg(label).arg(runs) : label;
    mean.color = color;
    mean.markers = markers;
    band.kind = PlotSeries::Kind::Band;
    band.name = Figures::tr("%1 min–max").arg(label);
    band.color = color;
    band.legend = false;
    for (const auto& [x, ys] : byX) {
        std::vector<double> v;
        for (double y : ys) {
            if (std::isfinite(y)) {
                v.push_back(y);
            }
        }
        if (v.empty()) {
            continue;
        }
        double s = 0;
        for (double y : v) {
            s += y;
        }
        mean.points.push_back({x, s / double(v.size())});
        band.points.push_back({x, *std::min_element(v.begin(), v.end())});
        band.upper.push_back({x, *std::max_element(v.begin(), v.end())});
    }
    if (runs > 1) {
        f.series.push_back(band);
    }
    f.series.push_back(mean);
}

QString selectionLabel(const FigureOptions& o) {
    const QString layer =
        o.layer < 0 ? Figures::tr("mean over layers") : Figures::tr("layer %1").arg(o.layer);
    const QString head =
        o.head < 0 ? Figures::tr("mean over heads") : Figures::tr("head %1").arg(o.head);
    return QStringLiteral("%1 %2, %3, %4").arg(Labels::qk(o.qk), Labels::tap(o.tap), layer, head);
}

} // namespace

QString formatTokens(double t) {
    const double a = std::abs(t);
    if (a >= 1e9) {
        return QString::number(t / 1e9, 'g', 3) + "G";
    }
    if (a >= 1e6) {
        return QString::number(t / 1e6, 'g', 3) + "M";
    }
    if (a >= 1e3) {
        return QString::number(t / 1e3, 'g', 3) + "k";
    }
    return QString::number(t, 'g', 3);
}

QColor cellColor(const QString& cell) {
    // The matrix file's colour (Okabe-Ito for the study's cells: distinguishable with the common
    // colour-vision deficiencies), read once; other cells get a hue from their name.
    static const QHash<QString, QColor> fixed = [] {
        QHash<QString, QColor> h;
        for (const auto& c : rs::matrixCells()) {
            if (QColor color(QString::fromStdString(c.color)); color.isValid()) {
                h.insert(QString::fromStdString(c.cell), color);
            }
        }
        return h;
    }();
    if (auto it = fixed.find(cell); it != fixed.end()) {
        return *it;
    }
    const uint h = qHash(cell);
    return QColor::fromHsv(int(h % 360), 160, 170);
}

QColor groupColor(int index) {
    // Okabe-Ito without black: distinguishable with the common colour-vision deficiencies.
    static const QColor palette[] = {{0, 114, 178},  {230, 159, 0}, {0, 158, 115}, {204, 121, 167},
                                     {86, 180, 233}, {213, 94, 0},  {240, 228, 66}};
    const int n = int(std::size(palette));
    const QColor c = palette[index % n];
    return index < n ? c : c.darker(100 + 30 * (index / n));
}

QColor runColor(const rs::RunSnapshot& run) {
    QColor c = cellColor(QString::fromStdString(run.cell.empty() ? run.name : run.cell));
    return run.seed == 0 ? c : c.darker(100 + 25 * int(run.seed % 4));
}

QColor Figures::strategyColor(rs::Strategy s) {
    switch (s) {
    case rs::Strategy::Gamma:
        return QColor(0, 114, 178);
    case rs::Strategy::Svd:
        return QColor(0, 158, 115);
    case rs::Strategy::Random:
        return QColor(120, 120, 120);
    case rs::Strategy::WkNorm:
        return QColor(204, 121, 167);
    }
    return QColor(Qt::black);
}

std::vector<int64_t> Figures::checkpointMarks(const Runs& runs) {
    std::vector<int64_t> t;
    for (const auto* r : runs) {
        for (const auto& p : r->probes) {
            t.push_back(p.tokens);
        }
    }
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    return t;
}

FigureData Figures::trajectory(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kTrajectory;
    f.title = tr("Collapse trajectory: %1").arg(Labels::metric(o.metric));
    f.xTitle = tr("training tokens (millions)");
    f.yTitle = Labels::metric(o.metric) + tr(" (dimensions)");
    if (o.metric == rs::Metric::Condition) {
        f.yTitle = Labels::metric(o.metric);
    }
    f.logX = o.logX;
    f.logY = o.metric == rs::Metric::Condition;
    f.xTokens = 1e6;
    f.note = selectionLabel(o);
    const bool byCell =
        o.groupBy.empty() || (o.groupBy.size() == 1 && o.groupBy.front() == rs::Factor::Cell);
    int index = 0;
    for (const auto& [cell, runs] : rs::groupByFactors(visible(all, o), o.groupBy)) {
        std::map<double, std::vector<double>> byX;
        for (const auto* r : runs) {
            for (const auto& p : r->probes) {
                byX[double(p.tokens) / 1e6].push_back(
                    p.value(o.qk, o.tap, o.metric, o.layer, o.head));
            }
        }
        const QString label =
            runs.size() == 1 && byCell ? runName(*runs.front()) : QString::fromStdString(cell);
        QColor color =
            runs.size() == 1 ? runColor(*runs.front()) : cellColor(QString::fromStdString(cell));
        if (!byCell) {
            color = groupColor(index++);
        }
        addGroup(f, label, color, byX, runs.size(), true, runNames(runs));
    }
    for (auto& s : f.series) {
        s.points = forAxes(s.points, f.logX, f.logY);
        s.upper = forAxes(s.upper, f.logX, f.logY);
    }
    if (o.checkpoint) {
        f.markerX = double(*o.checkpoint) / 1e6;
    }
    f.emptyMessage = all.empty() ? tr("No runs yet: launch the run matrix or open an experiment.")
                                 : tr("No probed checkpoints yet: the first arrives at token 0 of "
                                      "each run.");
    return f;
}

FigureData Figures::waterfall(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kWaterfall;
    f.title = tr("Singular-value waterfall");
    f.xTitle = tr("index i");
    f.yTitle = tr("σᵢ / σ₁");
    f.logY = o.logY;
    f.integerX = true;
    f.note = selectionLabel(o);
    const std::string name = rs::sigmaArray(o.qk, o.tap);
    for (const auto* r : visible(all, o)) {
        const auto* p = probeFor(*r, o);
        if (!p) {
            continue;
        }
        const auto s = rs::readSpectra(rs::RunLayout(r->dir), p->tokens, name);
        if (s.empty() || s.shape.size() != 3) {
            continue;
        }
        const size_t d = s.shape[2];
        std::vector<double> acc(d, 0.0);
        int n = 0;
        for (size_t l = 0; l < s.shape[0]; ++l) {
            for (size_t h = 0; h < s.shape[1]; ++h) {
                if ((o.layer >= 0 && int(l) != o.layer) || (o.head >= 0 && int(h) != o.head)) {
                    continue;
                }
                auto v = s.at(l, h);
                if (v.empty() || !(v[0] > 0) || !std::isfinite(v[0])) {
                    continue;
                }
                for (size_t i = 0; i < d; ++i) {
                    acc[i] += v[i] / v[0];
                }
                ++n;
            }
        }
        if (n == 0) {
            continue;
        }
        PlotSeries ps;
        ps.name = tr("%1 at %2").arg(runName(*r), formatTokens(double(p->tokens)));
        ps.color = runColor(*r);
        ps.runs = {runName(*r)};
        ps.markers = d <= 64;
        for (size_t i = 0; i < d; ++i) {
            ps.points.push_back({double(i + 1), acc[i] / n});
        }
        ps.points = forAxes(ps.points, false, f.logY);
        f.series.push_back(ps);
    }
    f.emptyMessage = tr("No spectra yet: they are written with each probed checkpoint.");
    return f;
}

FigureData Figures::dataComplexity(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kDataComplexity;
    f.title = tr("Data complexity: per-layer %1").arg(Labels::metric(o.metric));
    f.xTitle = tr("layer");
    f.yTitle = Labels::metric(o.metric);
    f.integerX = true;
    f.note = QStringLiteral("%1 %2, %3")
                 .arg(Labels::qk(o.qk), Labels::tap(o.tap),
                      o.head < 0 ? tr("mean over heads") : tr("head %1").arg(o.head));
    const auto groups = rs::groupByCell(visible(all, o));
    // The design's cells, each labelled by its data; shown once two of them have runs.
    const auto& cells = rs::studyDesign().complexity_cells;
    int present = 0;
    for (const auto& cell : cells) {
        auto it = groups.find(cell);
        if (it == groups.end()) {
            continue;
        }
        ++present;
        std::map<double, std::vector<double>> byX;
        for (const auto* r : it->second) {
            const auto* p = probeFor(*r, o);
            if (!p) {
                continue;
            }
            for (int l = 0; l < p->layers; ++l) {
                byX[double(l)].push_back(p->value(o.qk, o.tap, o.metric, l, o.head));
            }
        }
        const auto def = rs::matrixCell(cell);
        const QString label = QString::fromStdString(cell) + QLatin1Char(' ') +
                              matrixText(def ? def->label : std::string());
        addGroup(f, label.trimmed(), cellColor(QString::fromStdString(cell)), byX,
                 it->second.size(), true, runNames(it->second));
    }
    if (present < 2) {
        f.series.clear();
    }
    QStringList names;
    for (const auto& c : cells) {
        names << QString::fromStdString(c);
    }
    f.emptyMessage = tr("Needs probed runs of at least two of the cells %1.").arg(names.join(", "));
    return f;
}

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
        if (hasQkNorm(*r) && probeFor(*r, o) &&
            (o.focusRun.isEmpty() || runName(*r) == o.focusRun)) {
            run = r;
            break;
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
        if (!r->surgery.empty() && (o.focusRun.isEmpty() || runName(*r) == o.focusRun)) {
            run = r;
            break;
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
        addGroup(f, label, color, byX, draws, true);
    }
    f.note = tr("%1 at %2 tokens").arg(runName(*run), formatTokens(double(sweep->checkpoint)));
    return f;
}

FigureData Figures::loss(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kLoss;
    f.title = tr("Training and validation loss");
    f.xTitle = tr("training tokens (millions)");
    f.yTitle = tr("cross-entropy (nats/token)");
    f.logX = o.logX;
    f.logY = o.logY;
    f.xTokens = 1e6;
    if (o.smoothing > 0) {
        f.note = tr("training loss smoothed: EMA weight %1 (raw curve faint)")
                     .arg(o.smoothing, 0, 'f', 2);
    }
    for (const auto* r : visible(all, o)) {
        PlotSeries train, val;
        train.name = tr("%1 train").arg(runName(*r));
        train.color = runColor(*r);
        val.name = tr("%1 val").arg(runName(*r));
        val.color = runColor(*r);
        val.dashed = true;
        val.markers = true;
        train.runs = val.runs = QStringList{runName(*r)};
        for (const auto& p : r->train_loss) {
            train.points.push_back({double(p.tokens) / 1e6, p.value});
        }
        for (const auto& p : r->val_loss) {
            val.points.push_back({double(p.tokens) / 1e6, p.value});
        }
        train.points = forAxes(train.points, f.logX, f.logY);
        val.points = forAxes(val.points, f.logX, f.logY);
        if (o.smoothing > 0) {
            // TensorBoard's picture: the raw curve faint underneath, the smoothed one on top.
            PlotSeries raw = train;
            raw.name = tr("%1 train (raw)").arg(runName(*r));
            raw.color.setAlpha(60);
            raw.legend = false;
            f.series.push_back(raw);
            train.points = emaSmooth(train.points, o.smoothing);
        }
        f.series.push_back(train);
        f.series.push_back(val);
    }
    if (o.checkpoint) {
        f.markerX = double(*o.checkpoint) / 1e6;
    }
    f.emptyMessage = tr("No loss records yet.");
    return f;
}

} // namespace rsui
