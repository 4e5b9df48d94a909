// The heatmap figure: a metric per layer (rows) and checkpoint (columns), for one run or the
// mean of its cell's seeds, one panel or one per head.
#include "ui/figures/figure_builder.h"

#include "core/store/experiment.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace rsui {

namespace {

const rs::RunSnapshot* heatRun(const Runs& runs, const FigureOptions& o) {
    for (const auto* r : runs) {
        if (!o.hiddenRuns.contains(QString::fromStdString(r->name)) && !r->probes.empty() &&
            (o.focusRun.isEmpty() || QString::fromStdString(r->name) == o.focusRun)) {
            return r;
        }
    }
    return nullptr;
}

// The runs averaged: the run alone, or every shown run of its cell.
Runs heatGroup(const Runs& runs, const rs::RunSnapshot& run, const FigureOptions& o) {
    if (!o.seedMean || run.cell.empty()) {
        return {&run};
    }
    Runs group;
    for (const auto* r : runs) {
        if (r->cell == run.cell && !o.hiddenRuns.contains(QString::fromStdString(r->name))) {
            group.push_back(r);
        }
    }
    return group;
}

// Mean over the runs probed at `tokens` of one cell's value; NaN when none has it.
double meanAt(const Runs& group, int64_t tokens, const FigureOptions& o, int layer, int head) {
    double sum = 0;
    int n = 0;
    for (const auto* r : group) {
        const auto* p = r->probeAt(tokens);
        if (!p || layer >= p->layers) {
            continue;
        }
        const double v = p->value(o.qk, o.tap, o.metric, layer, head);
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    return n > 0 ? sum / n : NAN;
}

HeatPanel heatPanel(const Runs& group, const HeatGrid& g, const FigureOptions& o, int head) {
    HeatPanel panel;
    panel.title = head < 0 ? Figures::tr("mean over heads") : Figures::tr("head %1").arg(head);
    for (qsizetype l = 0; l < g.rowLabels.size(); ++l) {
        QList<double> row;
        for (const qint64 t : g.columnTokens) {
            row.push_back(meanAt(group, t, o, int(l), head));
        }
        panel.values.push_back(row);
    }
    return panel;
}

} // namespace

FigureData Figures::heatmap(const Runs& all, const FigureOptions& o) {
    FigureData f;
    f.id = figure_id::kHeatmap;
    f.title = tr("Where and when: %1 per layer and checkpoint").arg(Labels::metric(o.metric));
    f.emptyMessage = tr("No probed checkpoints yet: the first arrives at token 0 of each run.");
    const auto* run = heatRun(all, o);
    if (!run) {
        return f;
    }
    const Runs group = heatGroup(all, *run, o);
    std::set<int64_t> tokens;
    int layers = 0, heads = 0;
    for (const auto* r : group) {
        for (const auto& p : r->probes) {
            tokens.insert(p.tokens);
            layers = std::max(layers, p.layers);
            heads = std::max(heads, p.heads(o.qk));
        }
    }
    HeatGrid g;
    g.valueTitle = Labels::metric(o.metric);
    g.columnTokens = QList<qint64>(tokens.begin(), tokens.end());
    for (int l = 0; l < layers; ++l) {
        g.rowLabels << tr("L%1").arg(l);
    }
    if (o.perHead) {
        for (int h = 0; h < heads; ++h) {
            g.panels << heatPanel(group, g, o, h);
        }
    } else {
        g.panels << heatPanel(group, g, o, o.head);
    }
    const QString who = group.size() > 1 ? tr("%1, mean of %n seed(s)", nullptr, int(group.size()))
                                               .arg(QString::fromStdString(run->cell))
                                         : QString::fromStdString(run->name);
    f.note = QStringLiteral("%1 · %2 %3").arg(who, Labels::qk(o.qk), Labels::tap(o.tap));
    f.heat = g;
    f.run = QString::fromStdString(run->name);
    if (o.checkpoint) {
        f.markerX = double(*o.checkpoint);
    }
    return f;
}

} // namespace rsui
