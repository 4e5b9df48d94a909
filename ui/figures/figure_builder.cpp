#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_helpers.h"
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
#include <set>

namespace rsui {

using namespace figure_helpers;

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

QHash<QString, QColor> groupColors(const Runs& all, const std::vector<rs::Factor>& factors) {
    // Tol's muted hues the cells do not use, for groups that pool several cells.
    static const QColor pooled[] = {{204, 102, 119}, {221, 204, 119}, {68, 170, 153},
                                    {153, 153, 51},  {170, 68, 153},  {102, 17, 0},
                                    {102, 153, 204}, {136, 136, 136}};
    QHash<QString, QColor> out;
    int index = 0;
    for (const auto& [key, runs] : rs::groupByFactors(all, factors)) {
        std::set<std::string> cells;
        for (const auto* r : runs) {
            cells.insert(r->cell.empty() ? r->name : r->cell);
        }
        const QString k = QString::fromStdString(key);
        if (cells.size() == 1) {
            out.insert(k, cellColor(QString::fromStdString(*cells.begin())));
        } else {
            const int n = int(std::size(pooled));
            out.insert(k, pooled[index % n].darker(100 + 30 * (index / n)));
            ++index;
        }
    }
    return out;
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
    case rs::Strategy::Energy:
        return QColor(213, 94, 0);
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
    f.xTitle = tr("training tokens");
    // The axis names the metric briefly (the title gives its formula): never cut on a laptop.
    f.yTitle = Labels::metricAxis(o.metric);
    f.logX = o.logX;
    f.logY = o.metric == rs::Metric::Condition;
    f.xTokens = 1; // x is training tokens (SI tick labels)
    f.note = selectionLabel(o);
    const bool byCell =
        o.groupBy.empty() || (o.groupBy.size() == 1 && o.groupBy.front() == rs::Factor::Cell);
    // Over every run, not the visible ones: hiding a run does not repaint the others.
    const auto colors = groupColors(all, o.groupBy);
    for (const auto& [cell, runs] : seedGroups(all, o, o.groupBy)) {
        std::map<double, std::vector<double>> byX;
        for (const auto* r : runs) {
            for (const auto& p : r->probes) {
                byX[double(p.tokens)].push_back(p.value(o.qk, o.tap, o.metric, o.layer, o.head));
            }
        }
        const QString key = QString::fromStdString(cell);
        const bool single = runs.size() == 1 && (byCell || o.band == SeedBand::Seeds);
        const QString label = single   ? runName(*runs.front())
                              : byCell ? key
                                       : Labels::group(*runs.front(), o.groupBy);
        const QColor color = single ? runColor(*runs.front()) : colors.value(key);
        addGroup(f, label, color, byX, runs.size(), true, runNames(runs),
                 single ? runName(*runs.front()) : key, o.band);
    }
    for (auto& s : f.series) {
        fitToAxes(s, f.logX, f.logY);
    }
    if (o.checkpoint) {
        f.markerX = double(*o.checkpoint);
    }
    f.emptyMessage = all.empty() ? tr("No runs yet: launch the run matrix or open an experiment.")
                                 : tr("No probed checkpoints yet: the first arrives at token 0 of "
                                      "each run.");
    return f;
}

namespace {

// A run's σᵢ/σ₁ at the probe the options show, averaged over the chosen layers and heads; empty
// without spectra.
std::vector<double> normalisedSpectrum(const rs::RunSnapshot& r, const FigureOptions& o,
                                       int64_t* tokens) {
    const auto* p = probeFor(r, o);
    if (!p) {
        return {};
    }
    const auto s = rs::readSpectra(rs::RunLayout(r.dir), p->tokens, rs::sigmaArray(o.qk, o.tap));
    if (s.empty() || s.shape.size() != 3) {
        return {};
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
        return {};
    }
    for (double& a : acc) {
        a /= n;
    }
    *tokens = p->tokens;
    return acc;
}

} // namespace

// Each cell's seeds pooled (mean and band at every index), or each seed alone.
FigureData Figures::waterfall(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kWaterfall;
    f.title = tr("Singular-value waterfall");
    f.xTitle = tr("index i");
    f.yTitle = tr("σᵢ / σ₁");
    f.logY = o.logY;
    f.integerX = true;
    f.note = selectionLabel(o);
    for (const auto& [key, runs] : seedGroups(all, o)) {
        std::map<double, std::vector<double>> byX;
        Runs used;
        int64_t tokens = -1;
        bool sameMark = true;
        for (const auto* r : runs) {
            int64_t t = 0;
            const auto spectrum = normalisedSpectrum(*r, o, &t);
            if (spectrum.empty()) {
                continue;
            }
            sameMark = sameMark && (tokens < 0 || tokens == t);
            tokens = t;
            used.push_back(r);
            for (size_t i = 0; i < spectrum.size(); ++i) {
                byX[double(i + 1)].push_back(spectrum[i]);
            }
        }
        if (used.empty()) {
            continue;
        }
        const bool single = used.size() == 1;
        const QString name = single ? runName(*used.front()) : QString::fromStdString(key);
        const QString at = sameMark ? formatTokens(double(tokens)) : tr("each run's mark");
        const size_t before = size_t(f.series.size());
        addGroup(f, tr("%1 at %2").arg(name, at),
                 single ? runColor(*used.front()) : cellColor(QString::fromStdString(key)), byX,
                 used.size(), byX.size() <= 64, runNames(used), QString::fromStdString(key),
                 o.band);
        for (qsizetype i = qsizetype(before); i < f.series.size(); ++i) {
            fitToAxes(f.series[i], false, f.logY);
        }
    }
    f.emptyMessage = tr("No spectra yet: they are written with each probed checkpoint.");
    return f;
}

FigureData Figures::dataComplexity(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kDataComplexity;
    f.title = tr("Data complexity: per-layer %1").arg(Labels::metric(o.metric));
    f.xTitle = tr("layer");
    f.yTitle = Labels::metricAxis(o.metric);
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
                 it->second.size(), true, runNames(it->second), QString::fromStdString(cell),
                 o.band == SeedBand::Seeds ? SeedBand::Ci95 : o.band);
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

FigureData Figures::loss(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kLoss;
    f.title = tr("Training and validation loss");
    f.xTitle = tr("training tokens");
    f.yTitle = tr("cross-entropy (nats/token)");
    f.logX = o.logX;
    f.logY = o.logY;
    f.xTokens = 1; // x is training tokens (SI tick labels)
    if (o.smoothing > 0) {
        f.note = tr("training loss smoothed: EMA weight %1 (raw curve faint)")
                     .arg(o.smoothing, 0, 'f', 2);
    }
    for (const auto& [key, runs] : seedGroups(all, o)) {
        // Each run's curve (smoothed alone, as TensorBoard smooths), then pooled at each token.
        std::map<double, std::vector<double>> train, raw, val;
        for (const auto* r : runs) {
            QList<QPointF> t, v;
            for (const auto& p : r->train_loss) {
                t.push_back({double(p.tokens), p.value});
            }
            for (const auto& p : r->val_loss) {
                v.push_back({double(p.tokens), p.value});
            }
            t = forAxes(t, f.logX, f.logY);
            for (const auto& p : t) {
                raw[p.x()].push_back(p.y());
            }
            for (const auto& p : o.smoothing > 0 ? emaSmooth(t, o.smoothing) : t) {
                train[p.x()].push_back(p.y());
            }
            for (const auto& p : forAxes(v, f.logX, f.logY)) {
                val[p.x()].push_back(p.y());
            }
        }
        const bool single = runs.size() == 1;
        const QString name = single ? runName(*runs.front()) : QString::fromStdString(key);
        const QColor color = single ? runColor(*runs.front()) : cellColor(name);
        const QString k = QString::fromStdString(key);
        if (o.smoothing > 0) {
            // TensorBoard's picture: the raw curve faint underneath, the smoothed one on top.
            FigureData faint;
            addGroup(faint, tr("%1 train (raw)").arg(name), color, raw, runs.size(), false,
                     runNames(runs), k + QStringLiteral("/train"), SeedBand::Seeds);
            for (auto s : faint.series) {
                s.color.setAlpha(60);
                s.legend = false;
                f.series.push_back(s);
            }
        }
        addGroup(f, tr("%1 train").arg(name), color, train, runs.size(), false, runNames(runs),
                 k + QStringLiteral("/train"), o.band);
        addGroup(f, tr("%1 val").arg(name), color, val, runs.size(), true, runNames(runs),
                 k + QStringLiteral("/val"), o.band);
        f.series.back().dashed = true;
        for (auto& s : f.series) {
            fitToAxes(s, f.logX, f.logY);
        }
    }
    if (o.checkpoint) {
        f.markerX = double(*o.checkpoint);
    }
    f.emptyMessage = tr("No loss records yet.");
    return f;
}

} // namespace rsui
