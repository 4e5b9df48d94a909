#include "core/analysis/study.h"

#include <map>
#include <tuple>

namespace rs {

std::vector<const RunSnapshot*> studyRuns(const std::vector<const RunSnapshot*>& all,
                                          std::vector<ExcludedRun>* excluded) {
    std::vector<const RunSnapshot*> runs;
    for (const auto* r : all) {
        std::string reason;
        if (r->status.state != RunState::Done) {
            reason = r->status.last_error.empty() ? "not finished" : r->status.last_error;
        } else if (r->probes.empty()) {
            reason = "finished without a probe";
        }
        if (reason.empty()) {
            runs.push_back(r);
        } else if (excluded) {
            excluded->push_back({r->name, r->cell, toString(r->status.state), reason});
        }
    }
    return runs;
}

std::vector<CellMetricRow> cellMetricTable(const std::vector<const RunSnapshot*>& all) {
    std::vector<CellMetricRow> out;
    for (const auto& [cell, members] : groupByCell(studyRuns(all))) {
        for (auto tokens : sharedMarks(members)) {
            // Values keyed by representation and metric, one per seed.
            std::map<std::tuple<int, int, QK, Tap, Metric>, std::vector<double>> values;
            for (const auto* r : members) {
                for (const auto& rep : r->probeAt(tokens)->reps) {
                    for (const auto& [metric, name] : kMetricNames) {
                        values[{rep.layer, rep.head, rep.qk, rep.tap, metric}].push_back(
                            rep.metrics[metric]);
                    }
                }
            }
            for (const auto& [key, v] : values) {
                CellMetricRow row;
                row.cell = cell;
                row.tokens = tokens;
                row.layer = std::get<0>(key);
                row.head = std::get<1>(key);
                row.qk = std::get<2>(key);
                row.tap = std::get<3>(key);
                row.metric = std::get<4>(key);
                row.summary = summarize(v);
                out.push_back(std::move(row));
            }
        }
    }
    return out;
}

StudyResult analyzeStudy(const std::vector<const RunSnapshot*>& all, const StudyOptions& o,
                         const StudyDesign& design) {
    StudyResult res;
    res.options = o;
    const auto runs = studyRuns(all, &res.excluded);
    const auto groups = groupByCell(runs);
    for (const auto& [cell, members] : groups) {
        res.cells.push_back(cellStats(cell, members, o));
    }
    auto set = compareAll(groups, o, design);
    res.answers = answerQuestions(groups, o, design, set);
    res.data = answerData(groups, o, design, set);
    addSurvivorship(set.comparisons, res.excluded);
    res.primary_family = holmAcrossPrimary(set.comparisons, res.answers.decompositions);
    res.contrasts = contrastsOverTime(groups, o, design);
    addSignHolds(set.comparisons, res.contrasts);
    res.comparisons = std::move(set.comparisons);
    res.interaction_available = set.interaction_available;
    res.interaction = set.interaction;
    res.interaction_ci = set.interaction_ci;
    res.data_agreement = std::move(set.data_agreement);
    res.min_seeds = 0;
    for (const auto& c : res.comparisons) {
        if (c.available && c.id != "time") {
            const int n = std::min(c.na, c.nb);
            res.min_seeds = res.min_seeds == 0 ? n : std::min(res.min_seeds, n);
        }
    }
    auto dynamics = analyzeDynamics(runs, o);
    res.dynamics = std::move(dynamics.runs);
    res.dynamics_claim = std::move(dynamics.claim);
    // Gamma as a proxy: gamma-free measures of use, then the surgery areas.
    for (const auto* r : runs) {
        auto g = gammaProxy(*r);
        if (g.has_sweep || g.has_ablation || !g.spearman_pregain_by_layer.empty()) {
            res.gamma.push_back(g);
        }
    }
    res.gamma_claims = gammaCellClaims(res.gamma);
    return res;
}

} // namespace rs
