#include "ui/report/report_tables.h"

#include "core/analysis/answer_summary.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace rsui {

std::string reportNum(double v, int digits) {
    if (!std::isfinite(v)) {
        return "n/a";
    }
    std::ostringstream s;
    s.precision(digits);
    s << v;
    return s.str();
}

namespace {

std::string num(double v, int digits = 4) {
    return reportNum(v, digits);
}

// Cells at their final shared checkpoint, and every cell's trajectory.
std::pair<ReportTable, ReportTable> cellTables(const rs::StudyResult& s) {
    ReportTable cells{"cells",
                      "Cells at their final shared checkpoint (metric over layers and heads)",
                      {"cell", "runs", "n", "final tokens", "mean", "sd", "95% CI low",
                       "95% CI high", "final val loss"},
                      {}};
    ReportTable traj{"trajectories",
                     "Per-cell trajectories (mean over seeds)",
                     {"cell", "tokens", "n", "mean", "sd", "95% CI low", "95% CI high"},
                     {}};
    for (const auto& c : s.cells) {
        std::string runs;
        for (const auto& r : c.runs) {
            runs += (runs.empty() ? "" : " ") + r;
        }
        if (!c.overall.empty()) {
            const auto& f = c.overall.back();
            cells.rows.push_back({c.cell, runs, std::to_string(f.n), std::to_string(c.marks.back()),
                                  num(f.mean), num(f.sd), num(f.ci.lo), num(f.ci.hi),
                                  num(c.final_val_loss)});
        }
        for (size_t i = 0; i < c.marks.size(); ++i) {
            const auto& m = c.overall[i];
            traj.rows.push_back({c.cell, std::to_string(c.marks[i]), std::to_string(m.n),
                                 num(m.mean), num(m.sd), num(m.ci.lo), num(m.ci.hi)});
        }
    }
    return {cells, traj};
}

// The per-layer rows are secondary: at small n their Holm floor can lie above α.
std::string comparisonTitle(const rs::StudyResult& s) {
    std::string t = "Comparisons (a − b): the mean over layers ('all') is the pre-specified "
                    "primary endpoint, the per-layer rows are secondary (Holm across layers)";
    size_t layers = 0;
    for (const auto& c : s.comparisons) {
        layers = std::max(layers, c.layers.size());
    }
    if (layers > 1 && s.min_seeds > 0) {
        const double floor = rs::perLayerHolmFloor(int(layers), s.min_seeds, s.min_seeds);
        t += "; at " + std::to_string(s.min_seeds) + " against " + std::to_string(s.min_seeds) +
             " seeds no Holm-adjusted layer p can fall below " + std::to_string(layers) + " × " +
             num(rs::stats::smallestPermutationP(s.min_seeds, s.min_seeds), 3) + " = " +
             num(floor, 3);
    }
    return t;
}

ReportTable comparisonTable(const rs::StudyResult& s) {
    ReportTable comp{"comparisons",
                     comparisonTitle(s),
                     {"comparison", "a", "b", "n a", "n b", "layer", "delta", "95% CI low",
                      "95% CI high", "p", "p (Holm)", "test"},
                     {}};
    for (const auto& c : s.comparisons) {
        if (!c.available) {
            comp.rows.push_back(
                {c.id, c.a, c.b, "0", "0", "-", "n/a", "", "", "", "", c.why_unavailable});
            continue;
        }
        const std::string test = c.id == "time"      ? "exact sign-flip"
                                 : c.overall.p.exact ? "exact permutation"
                                                     : "Monte-Carlo permutation";
        auto row = [&](const rs::Effect& e) {
            comp.rows.push_back({c.id, c.a, c.b, std::to_string(c.na), std::to_string(c.nb),
                                 e.layer < 0 ? "all" : std::to_string(e.layer), num(e.delta),
                                 num(e.ci.lo), num(e.ci.hi), num(e.p.p, 3),
                                 e.layer < 0 ? "-" : num(e.p_holm, 3), test});
        };
        row(c.overall);
        for (const auto& e : c.layers) {
            row(e);
        }
    }
    return comp;
}

// Below this |ΔBIC| the two models fit equally (differences of floating-point rounding).
constexpr double kBicTie = 1e-6;

ReportTable dynamicsTable(const rs::StudyResult& s) {
    ReportTable dyn{"dynamics",
                    "Trajectory dynamics per run",
                    {"run", "cell", "checkpoints >= 5", "sudden drop", "best model",
                     "before tokens", "onset tokens", "jump", "jump / range", "delta BIC",
                     "rank-loss coupling r"},
                    {}};
    for (const auto& d : s.dynamics) {
        const auto& t = d.transition;
        // A ΔBIC of rounding size (2.5e-14) prefers neither model: no preference, not "step".
        const bool tie = std::isfinite(t.delta_bic) && std::abs(t.delta_bic) < kBicTie;
        dyn.rows.push_back({d.run, d.cell, t.enough_points ? "yes" : "no",
                            t.detected ? "yes" : "no", tie ? "neither (ΔBIC ≈ 0)" : t.best_model,
                            num(t.before_tokens), num(t.onset_tokens), num(t.magnitude),
                            num(t.relative, 3), tie ? "0" : num(t.delta_bic, 3),
                            num(d.coupling, 3)});
    }
    return dyn;
}

ReportTable gammaTable(const rs::StudyResult& s) {
    ReportTable gam{
        "gamma_proxy",
        "Gamma as a proxy: measures of use (the ablation, which scales with |gamma|; the "
        "gamma-free pre-gain energy and subspace overlap), the circular post-gain correlation "
        "for comparison, surgery areas (against SVD, random and the best axis-aligned energy "
        "order)",
        {"run", "rho |gamma| vs ablation", "rho |gamma| vs pre-gain energy by layer",
         "rho |gamma| vs post-gain energy by layer (contains gamma^2)", "overlap k=25/50/75%",
         "sweep checkpoint", "area gamma-svd", "area random-svd", "area random-gamma", "ratio",
         "area gamma-energy", "area random-energy"},
        {}};
    auto joined = [](const std::vector<double>& v) {
        std::string o;
        for (double r : v) {
            if (!o.empty()) {
                o += ' '; // appended apart: GCC 12 warns (-Wrestrict) on "" + string here
            }
            o += num(r, 3);
        }
        return o;
    };
    for (const auto& g : s.gamma) {
        gam.rows.push_back(
            {g.run, g.has_ablation ? num(g.spearman_ablation, 3) : "-",
             joined(g.spearman_pregain_by_layer), joined(g.spearman_postgain_by_layer),
             joined({g.overlap[0], g.overlap[1], g.overlap[2]}),
             g.has_sweep ? std::to_string(g.checkpoint) : "-",
             g.has_sweep ? num(g.area_gamma_svd) : "-", g.has_sweep ? num(g.area_random_svd) : "-",
             g.has_sweep ? num(g.area_random_gamma) : "-", num(g.ratio, 3),
             num(g.area_gamma_energy), num(g.area_random_energy)});
    }
    return gam;
}

// One row per tap contrast: end and over training, with the equivalence test and verdicts.
void tapRows(ReportTable& t, const std::string& contrast,
             const std::vector<rs::TapContrast>& taps) {
    for (const auto& x : taps) {
        const auto& c = x.c;
        if (!c.available) {
            t.rows.push_back({contrast, rs::key(x.tap), c.a, c.b, "0", "0", "n/a", "", "", "", "",
                              "", "", "", "", "", "", c.why_unavailable});
            continue;
        }
        t.rows.push_back(
            {contrast, rs::key(x.tap), c.a, c.b, std::to_string(c.na), std::to_string(c.nb),
             num(c.overall.delta), num(c.overall.ci.lo), num(c.overall.ci.hi),
             num(c.overall.p.p, 3), num(x.tost_level.margin), num(x.tost_level.p, 3),
             rs::verdictKey(x.level), c.rate_available ? num(c.rate.delta) : "-",
             c.rate_available ? num(c.rate.ci.lo) : "-", c.rate_available ? num(c.rate.ci.hi) : "-",
             c.rate_available ? num(c.rate.p.p, 3) : "-", rs::verdictKey(x.rate)});
    }
}

ReportTable tapTable(const rs::StudyResult& s) {
    ReportTable t{"tap_decomposition",
                  "QK-Norm at three taps (a − b at the end and over training; equivalence by "
                  "two one-sided Welch tests within ±margin), the gain's own effect within a "
                  "(paired per run) and the frozen-gain control",
                  {"contrast", "tap", "a", "b", "n a", "n b", "delta", "95% CI low", "95% CI high",
                   "p", "margin", "TOST p", "verdict", "rate delta", "rate 95% CI low",
                   "rate 95% CI high", "rate p", "rate verdict"},
                  {}};
    for (const auto& d : s.answers.decompositions) {
        tapRows(t, d.comparison, d.taps);
        if (d.gain.available) {
            const auto& g = d.gain;
            t.rows.push_back({"gain within " + d.a, g.a + " − " + g.b, d.a, d.a,
                              std::to_string(g.na), std::to_string(g.nb), num(g.overall.delta),
                              num(g.overall.ci.lo), num(g.overall.ci.hi), num(g.overall.p.p, 3),
                              "-", "-", "paired", g.rate_available ? num(g.rate.delta) : "-",
                              g.rate_available ? num(g.rate.ci.lo) : "-",
                              g.rate_available ? num(g.rate.ci.hi) : "-",
                              g.rate_available ? num(g.rate.p.p, 3) : "-", "paired"});
        }
        tapRows(t, d.comparison + " control " + d.control, d.control_taps);
    }
    return t;
}

void effectRow(ReportTable& t, const std::string& role, const rs::Comparison& c) {
    if (!c.available) {
        t.rows.push_back({role, c.a, c.b, "0", "0", "n/a", "", "", "", c.why_unavailable});
        return;
    }
    t.rows.push_back({role, c.a, c.b, std::to_string(c.na), std::to_string(c.nb),
                      num(c.overall.delta), num(c.overall.ci.lo), num(c.overall.ci.hi),
                      num(c.overall.p.p, 3), c.rate_available ? num(c.rate.delta) : "-"});
}

ReportTable controlTable(const rs::StudyResult& s) {
    ReportTable t{
        "controls",
        "Controls and sensitivity cells of the comparisons (a − b at the end; rate: "
        "over training)",
        {"role", "a", "b", "n a", "n b", "delta", "95% CI low", "95% CI high", "p", "rate delta"},
        {}};
    for (const auto& c : s.answers.controls) {
        effectRow(t, c.comparison + ": without " + c.removes, c.a_vs_control);
        effectRow(t, c.comparison + ": what removing it changes", c.control_vs_b);
    }
    for (const auto& r : s.answers.sensitivity) {
        for (const auto& v : r.variants) {
            effectRow(t, r.comparison + ": " + r.of, v);
        }
    }
    return t;
}

// The data claims' second reading (each run on its own variant's held-out batch) and the
// source mix of the two training splits.
std::pair<ReportTable, ReportTable> dataTables(const rs::StudyResult& s) {
    ReportTable own{"data_own_batch",
                    "Data comparisons measured on each variant's own held-out batch (a − b at the "
                    "end; the shared batch stays the primary measurement)",
                    {"comparison", "a", "b", "n a", "n b", "delta", "95% CI low", "95% CI high",
                     "p", "rate delta"},
                    {}};
    ReportTable mix{"data_sources",
                    "Source mix of the training splits of each data comparison (share of tokens)",
                    {"comparison", "source", "a", "b", "share a", "share b", "difference (points)"},
                    {}};
    for (const auto& d : s.data) {
        effectRow(own, d.comparison, d.own);
        for (const auto& p : d.sourcePairs()) {
            mix.rows.push_back({d.comparison, p.source, d.a, d.b, num(p.a, 3), num(p.b, 3),
                                num(100.0 * std::abs(p.a - p.b), 3)});
        }
    }
    return {own, mix};
}

ReportTable contrastTable(const rs::StudyResult& s) {
    ReportTable t{"contrast_over_time",
                  "Each comparison's a − b at every mark both cells share, with its 95 % Welch "
                  "interval (a decomposed comparison at each of its taps): when the answer settles",
                  {"comparison", "tap", "a", "b", "tokens", "n a", "n b", "delta", "95% CI low",
                   "95% CI high", "final sign holds from"},
                  {}};
    for (const auto& c : s.contrasts) {
        for (const auto& p : c.points) {
            t.rows.push_back({c.comparison, rs::key(c.tap), c.a, c.b, std::to_string(p.tokens),
                              std::to_string(p.na), std::to_string(p.nb), num(p.delta),
                              num(p.ci.lo), num(p.ci.hi), std::to_string(c.sign_holds_from)});
        }
    }
    return t;
}

} // namespace

std::vector<ReportTable> reportTables(const rs::StudyResult& s) {
    auto [cells, traj] = cellTables(s);
    auto [own, mix] = dataTables(s);
    return {cells, traj, comparisonTable(s), tapTable(s),      controlTable(s),
            own,   mix,  contrastTable(s),   dynamicsTable(s), gammaTable(s)};
}

ReportTable answersTable(const rs::StudyResult& s) {
    ReportTable t{"answers",
                  "Answers at a glance",
                  {"question", "contrast", "answer", "Δ", "95 % CI", "p", "p (Holm)",
                   "direction survives Holm", "n", "layers against the mean", "figure"},
                  {}};
    t.figure_column = 10;
    for (const auto& r : rs::answerSummary(s)) {
        std::string against;
        for (const auto& l : r.layers_against) {
            against += (against.empty() ? "" : ", ") + l;
        }
        t.rows.push_back(
            {r.question, r.contrast, r.answer, r.available ? num(r.delta, 3) : "-",
             r.available ? "[" + num(r.ci_lo, 3) + ", " + num(r.ci_hi, 3) + "]" : "-",
             r.available ? num(r.p, 3) : "-", r.available ? num(r.p_holm, 3) : "-",
             r.answer == "lower" || r.answer == "higher" ? (r.survives_family ? "yes" : "no") : "-",
             std::to_string(r.na) + (r.id == "time" ? " paired" : " / " + std::to_string(r.nb)),
             against.empty() ? "none" : against, r.figure});
    }
    return t;
}

} // namespace rsui
