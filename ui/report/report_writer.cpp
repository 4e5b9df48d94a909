#include "ui/report/report_writer.h"
#include "ui/report/report_document.h"
#include "core/analysis/evidence.h"
#include "ui/figures/figure_catalog.h"

#include "ui/figures/figure_export.h"
#include "ui/figures/study_figures.h"
#include "core/store/experiment.h"
#include "core/util/csv.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <QDateTime>
#include <QDir>
#include <QSaveFile>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace rsui {

namespace {

std::string num(double v, int digits = 4) {
    if (!std::isfinite(v)) {
        return "n/a";
    }
    std::ostringstream s;
    s.precision(digits);
    s << v;
    return s.str();
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

ReportTable comparisonTable(const rs::StudyResult& s) {
    ReportTable comp{"comparisons",
                     "Comparisons (a − b), overall and per layer; Holm across layers",
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

ReportTable dynamicsTable(const rs::StudyResult& s) {
    ReportTable dyn{"dynamics",
                    "Trajectory dynamics per run",
                    {"run", "cell", "checkpoints >= 5", "sudden drop", "best model",
                     "before tokens", "onset tokens", "jump", "jump / range", "delta BIC",
                     "rank-loss coupling r"},
                    {}};
    for (const auto& d : s.dynamics) {
        const auto& t = d.transition;
        dyn.rows.push_back({d.run, d.cell, t.enough_points ? "yes" : "no",
                            t.detected ? "yes" : "no", t.best_model, num(t.before_tokens),
                            num(t.onset_tokens), num(t.magnitude), num(t.relative, 3),
                            num(t.delta_bic, 3), num(d.coupling, 3)});
    }
    return dyn;
}

ReportTable gammaTable(const rs::StudyResult& s) {
    ReportTable gam{
        "gamma_proxy",
        "Gamma as a proxy: gamma-free measures of use (ablation, pre-gain energy, subspace "
        "overlap), the circular post-gain correlation for comparison, surgery areas",
        {"run", "rho |gamma| vs ablation", "rho |gamma| vs pre-gain energy by layer",
         "rho |gamma| vs post-gain energy by layer (contains gamma^2)", "overlap k=25/50/75%",
         "sweep checkpoint", "area gamma-svd", "area random-svd", "area random-gamma", "ratio"},
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
             g.has_sweep ? num(g.area_random_gamma) : "-", num(g.ratio, 3)});
    }
    return gam;
}

std::vector<ReportTable> tables(const rs::StudyResult& s) {
    auto [cells, traj] = cellTables(s);
    return {cells, traj, comparisonTable(s), dynamicsTable(s), gammaTable(s)};
}

// The smallest p an exact two-sided permutation test can give with n seeds per group is
// 2 / C(2n, n): 1 (n = 1), 0.33 (2), 0.1 (3), 0.029 (4).
std::string seedsNoteFor(int n) {
    if (n < 1) {
        return "No comparison had finished runs in both cells.";
    }
    const double minP = rs::stats::smallestPermutationP(n, n);
    if (minP > 0.05) {
        return "n = " + std::to_string(n) + (n == 1 ? " seed" : " seeds") +
               " per compared cell: the smallest p an exact two-sided permutation test can reach "
               "is " +
               num(minP, 2) +
               ", so no comparison can be decided at 0.05 and the claims say 'undetermined'; "
               "train four or more seeds per cell (Run matrix → Seeds per cell).";
    }
    return "n = " + std::to_string(n) +
           " or more seeds per compared cell (smallest achievable p = " + num(minP, 2) + ").";
}

// The reference settings and any departure from them, as the runs recorded them.
std::string fidelityText(const std::vector<const rs::RunSnapshot*>& runs) {
    std::set<std::string> grouping, gamma, ortho, decay;
    for (const auto* r : runs) {
        if (!r->config) {
            continue;
        }
        const auto& c = *r->config;
        if (c.train.usesMuon()) {
            grouping.insert(rs::key(c.train.muon.grouping));
            ortho.insert(std::string(rs::key(c.train.muon.coefficients)) + " × " +
                         std::to_string(c.train.muon.ns_steps));
        } else {
            decay.insert(c.cell + (c.train.adamw.decay_hidden_matrices
                                       ? ": AdamW decays every matrix by " +
                                             num(c.train.adamw.weight_decay, 3)
                                       : ": no decay on the hidden matrices"));
        }
        if (c.model.qk_norm) {
            gamma.insert(rs::key(c.model.qk_norm_gamma));
        }
    }
    auto list = [](const std::set<std::string>& v) {
        std::string o;
        for (const auto& x : v) {
            o += (o.empty() ? "" : ", ") + x;
        }
        return o.empty() ? std::string("n/a") : o;
    };
    const auto fused = rs::key(rs::MuonGrouping::FusedQkvo);
    return std::string(" Model and optimizer as recorded by the runs (the reference: ") +
           rs::key(rs::referenceChoice<rs::MuonGrouping>()) + ", " +
           rs::key(rs::referenceChoice<rs::GammaLayout>()) + ", " +
           rs::key(rs::referenceChoice<rs::Orthogonalization>()) + " × 5): Muon orthogonalizes " +
           list(grouping) + " (" + fused + ": " + rs::describe(rs::MuonGrouping::FusedQkvo) +
           "); "
           "QK-Norm gain " +
           list(gamma) + "; orthogonalization " + list(ortho) + "; weight decay " + list(decay) +
           " (Muon cells decay no hidden matrix, AdamW-only cells do unless they are the wd0 "
           "control: a confound inherited from the reference).";
}

std::string methodText(const rs::StudyResult& s, const std::vector<const rs::RunSnapshot*>& runs) {
    return std::string("Metric: ") + rs::key(s.options.metric) + " of " +
           (s.options.qk == rs::QK::K ? "K" : "Q") + " at tap '" + rs::key(s.options.tap) +
           "', averaged over heads (and layers for the overall value), from each finished run's "
           "stored probes on the fixed evaluation batch; runs that diverged, failed, were "
           "cancelled or are still running are listed under 'Excluded runs' and enter nothing. "
           "Per cell: mean, sample standard deviation and a 95 % Student-t interval. Comparisons "
           "take every run of both cells at their common final checkpoint: difference of means "
           "with a 95 % Welch interval and a two-sided permutation test (exact enumeration of all "
           "relabellings up to 200,000, else 20,000 seeded draws, seed " +
           std::to_string(s.options.seed) +
           "); per-layer p-values are Holm-adjusted across layers. Rate: each run's trajectory "
           "averaged over log tokens (marks > 0), compared in the same way. The change over time "
           "pools every run of the study, each paired with itself (final against first shared "
           "checkpoint; sign-flip test, exact up to 20 runs, else 20,000 seeded draws; Student-t "
           "interval). A difference is called "
           "significant when p < " +
           num(s.options.alpha, 3) +
           " and the interval excludes zero; when the smallest p the test could reach at this n "
           "is above that, the claim is 'undetermined'; a non-significant difference is never "
           "called absent. Phase transitions: a step model must beat the best smooth model (line "
           "or hinge in log tokens) by ΔBIC > " +
           num(rs::kPhaseMinDeltaBic, 3) + " with a drop of at least " +
           num(100 * rs::kPhaseMinDrop, 3) + " % of the trajectory's range (noise floor " +
           num(100 * rs::kPhaseNoiseFloor, 3) + " % of the range, at least " +
           std::to_string(rs::kPhaseMinCheckpoints) +
           " checkpoints). Rank-loss coupling: partial correlation of dPR/dlog t and dLoss/dlog t "
           "over checkpoint intervals with log tokens partialled out. Gamma as a proxy is judged "
           "by gamma-free measures only: " +
           rs::ruleText(rs::kAblationEvidence) + "; when no ablation was run, by the " +
           rs::ruleText(rs::kOverlapEvidence) +
           ". The trapezoidal areas between the surgery loss curves over the pruned fraction "
           "(gamma − SVD against random − SVD) are reported beside the verdict, not judged." +
           fidelityText(runs);
}

void write(const QString& path, const std::string& text) {
    rs::writeFileAtomic(path.toStdString(), text);
}

// Everything report.md and report.html say, computed once.
struct ReportContent {
    std::string experiment, written;
    size_t runs = 0;
    std::string notes; // seeds and the time comparison's pairing
    std::vector<std::string> claims;
    std::vector<ReportTable> tables;
    std::vector<rs::ExcludedRun> excluded;
    std::vector<std::string> problems;
    std::string method, caveats, eval_hash;
    std::vector<std::string> provenance;
};

const char* kCaveats =
    "Rank collapse of attention representations and the prunability of attention heads and "
    "dimensions are known phenomena (e.g. work on rank collapse in self-attention and on "
    "head pruning); what this study adds is the controlled attribution of the collapse to "
    "QK-Norm, the optimizer and the data in a factorial design with one fixed evaluation "
    "batch. The models here are small and briefly trained; the effects may differ at "
    "scale. Participation ratio is one of several effective-rank measures; the tables use "
    "the metric named above.";

std::vector<std::string> claimsOf(const rs::StudyResult& s) {
    std::vector<std::string> claims;
    for (const auto& c : s.comparisons) {
        claims.push_back(c.available ? c.claim
                                     : c.question + " Not answered: " + c.why_unavailable + ".");
    }
    claims.push_back(s.dynamics_claim);
    for (const auto& c : s.gamma_claims) {
        claims.push_back(c);
    }
    return claims;
}

// One run's provenance from its run.json; the evaluation batch's hash goes to `eval_hash`.
std::string provenanceLine(const rs::RunSnapshot& r, std::string& eval_hash) {
    std::string line = r.name + ": ";
    try {
        const auto rec = rs::RunDir(r.dir).readRunRecord();
        const auto known = [](const std::string& v) { return v.empty() ? std::string("?") : v; };
        const auto& rt = rec.runtime;
        line += "preset " + known(rec.preset) + ", " + std::to_string(rec.parameters) +
                " parameters, seed " + std::to_string(rec.seed) + ", " + known(rec.device()) +
                " (" + known(rt.value("precision", std::string())) + ", " +
                std::to_string(rt.value("threads", 0)) + " threads), rankscope " +
                known(rec.rankscope_version) + ", LibTorch " + known(rec.libtorch_version) + ", " +
                known(rec.compiler);
        const auto& data = rec.data;
        if (data.contains("eval_batch_sha256")) {
            eval_hash = data["eval_batch_sha256"].get<std::string>();
        }
        std::string sources;
        for (const auto& src : data.value("manifest_sources", rs::Json::array())) {
            sources += (sources.empty() ? "" : "; ") + src.value("name", std::string()) + " " +
                       src.value("version", std::string()) + " sha256 " +
                       src.value("sha256", std::string()).substr(0, 12);
        }
        if (!sources.empty()) {
            line += "; data: " + sources;
        }
        line += "; config " + rec.config.toJson().dump();
    } catch (const std::exception& e) {
        line += std::string("run.json unreadable (") + e.what() + ")";
    }
    return line + "; status " + rs::toString(r.status.state) + ", wall time " +
           (r.sessions
                ? num(r.wall_seconds, 4) + " s over " + std::to_string(r.sessions) + " session(s)"
                : std::string("not recorded"));
}

// The long table: every metric of every representation, per cell and checkpoint.
std::string cellMetricsCsv(const std::vector<const rs::RunSnapshot*>& runs) {
    std::ostringstream csv;
    csv.precision(8);
    csv << "cell,tokens,layer,head,qk,tap,metric,n,mean,sd,ci_low,ci_high\n";
    for (const auto& r : rs::cellMetricTable(runs)) {
        const auto& m = r.summary;
        csv << rs::csvField(r.cell) << ',' << r.tokens << ',' << r.layer << ',' << r.head << ','
            << rs::key(r.qk) << ',' << rs::key(r.tap) << ',' << rs::key(r.metric) << ',' << m.n
            << ',' << m.mean << ',' << m.sd << ',' << m.ci.lo << ',' << m.ci.hi << '\n';
    }
    return csv.str();
}

// The report as one document: claims, figures, tables, exclusions, method, provenance.
ReportDocument reportDocument(const ReportContent& c) {
    ReportDocument d;
    d.heading(1, "RankScope report")
        .paragraph({{"Experiment: "},
                    {c.experiment, true},
                    {" · " + std::to_string(c.runs) + " runs · written " + c.written}})
        .heading(2, "Claims")
        .paragraph(c.notes)
        .list(c.claims)
        .heading(2, "Figures");
    for (const auto& spec : figureCatalog()) {
        d.figure(spec.id, figureCaption(spec));
    }
    d.heading(2, "Tables");
    for (const auto& t : c.tables) {
        d.heading(3, t.title).table(t);
    }
    if (!c.excluded.empty()) {
        std::vector<std::string> items;
        for (const auto& e : c.excluded) {
            items.push_back(e.run + " (" + e.state + "): " + e.reason);
        }
        d.heading(2, "Excluded runs")
            .paragraph("Only finished runs enter the statistics.")
            .list(items);
    }
    if (!c.problems.empty()) {
        d.heading(2, "Damaged files left out")
            .paragraph("These files failed their integrity check or could not be read; the "
                       "figures and statistics above are computed without them.")
            .list(c.problems);
    }
    d.heading(2, "Method").paragraph(c.method);
    d.heading(2, "Caveats and prior work").paragraph(c.caveats);
    d.heading(2, "Provenance")
        .paragraph(
            {{"Evaluation batch sha256: "}, {c.eval_hash.empty() ? "n/a" : c.eval_hash, true}})
        .list(c.provenance, "prov");
    return d;
}

// Figures (PNG, SVG, CSV), the tables (CSV, Markdown) and the long cell-metric table.
QStringList writeFiguresAndTables(const QDir& dir, const std::vector<const rs::RunSnapshot*>& runs,
                                  const std::vector<ReportTable>& tabs) {
    QStringList files;
    for (const auto& f : studyFigures(runs)) {
        files += exportAll(f, dir.filePath("figures"));
    }
    for (const auto& t : tabs) {
        const QString base = dir.filePath("tables/" + QString::fromStdString(t.name));
        write(base + ".csv", t.csv());
        write(base + ".md", t.markdown());
        files << base + ".csv" << base + ".md";
    }
    write(dir.filePath("tables/cell_metrics.csv"), cellMetricsCsv(runs));
    files << dir.filePath("tables/cell_metrics.csv");
    return files;
}

} // namespace

ReportResult writeReport(const QString& experimentDir, const QString& outDir,
                         const rs::StudyOptions& options) {
    const auto t0 = QDateTime::currentDateTimeUtc();
    rs::ExperimentFollower exp(experimentDir.toStdString());
    exp.poll();
    const auto runs = exp.runs();
    if (runs.empty()) {
        throw rs::UserError("no runs in '" + experimentDir.toStdString() +
                            "': train the matrix first (rankscope or rankscope-cli matrix)");
    }
    ReportResult out;
    out.study = rs::analyzeStudy(runs, options);
    const auto& s = out.study;
    QDir dir(outDir);
    if (!dir.mkpath("figures") || !dir.mkpath("tables")) {
        throw rs::UserError("cannot create '" + outDir.toStdString() +
                            "': choose a writable folder");
    }
    ReportContent c;
    c.experiment = experimentDir.toStdString();
    c.written = t0.toString(Qt::ISODate).toStdString();
    c.runs = runs.size();
    c.notes = seedsNoteFor(s.min_seeds) +
              " The change over time pools every run, each paired with itself: its sign-flip "
              "test reaches p < 0.05 from five runs on (smallest p = 2 / 2^n).";
    c.claims = claimsOf(s);
    c.tables = tables(s);
    c.excluded = s.excluded;
    c.method = methodText(s, runs);
    c.caveats = kCaveats;
    for (const auto* r : runs) {
        c.provenance.push_back(provenanceLine(*r, c.eval_hash));
    }
    c.problems = rs::problemsOf(runs);
    out.problems = c.problems;
    out.files += writeFiguresAndTables(dir, runs, c.tables);
    const auto doc = reportDocument(c);
    write(dir.filePath("report.md"), toMarkdown(doc));
    write(dir.filePath("report.html"), toHtml(doc));
    out.files << dir.filePath("report.md") << dir.filePath("report.html");
    return out;
}

} // namespace rsui
