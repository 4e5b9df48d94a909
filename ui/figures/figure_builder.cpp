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
