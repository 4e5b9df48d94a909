#include "ui/report/report_writer.h"
#include "ui/report/report_document.h"
#include "ui/report/report_tables.h"
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
    return reportNum(v, digits);
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
    std::set<std::string> grouping, gamma, ortho, decay, gains, eps, precision;
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
            gamma.insert(std::string(rs::key(c.model.qk_norm_gamma)) + " " +
                         rs::key(c.model.qk_norm_gain));
        }
        eps.insert(rs::analysis::fmt("%g", c.model.norm_eps));
        precision.insert(rs::key(c.train.precision));
        gains.insert(c.train.decay_gains
                         ? "decayed by AdamW's weight decay " + num(c.train.adamw.weight_decay, 3)
                         : "not decayed (train.decay_gains false)");
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
           "control: a confound inherited from the reference, which the optimizer claim "
           "reports with and without); RMSNorm gains " +
           list(gains) +
           " (the reference decays them, which pulls QK-Norm's gain towards 0 and can by "
           "itself make gains sparse; train.decay_gains false turns it off); RMSNorm epsilon " +
           list(eps) +
           " (model.norm_eps; the reference leaves it to the dtype's epsilon, 1.2e-7 in fp32 and "
           "7.8e-3 in bf16, which would differ between precisions); precision " +
           list(precision) +
           " (the reference casts the whole model to bf16, 'bf16_weights', losing updates below "
           "bf16's resolution; the default 'auto' keeps fp32 master weights under bf16 autocast "
           "so that rounding does not shape the spectra).";
}

// How the comparisons with a tap decomposition or controls are decided, from the design.
std::string decompositionText() {
    std::string out;
    for (const auto& d : rs::studyDesign().comparisons) {
        if (d.decomposition) {
            std::string taps;
            for (auto t : d.decomposition->taps) {
                taps += (taps.empty() ? "'" : ", '") + std::string(rs::key(t)) + "'";
            }
            out += " The " + d.id + " comparison (" + d.a + " − " + d.b + ") is read at the taps " +
                   taps +
                   " ('gainless': K normalised per token by its RMS with the model's "
                   "epsilon, before the gain, computed by the probe in double; in cells without "
                   "QK-Norm it is what a gain-free RMSNorm would give) and decided on the first, "
                   "what QK-Norm receives: lower or higher when the difference is significant, "
                   "'similar' only when two one-sided Welch t tests (TOST, α = 0.05) place the "
                   "difference within ±" +
                   num(100 * d.decomposition->margin, 3) + " % of " + d.b +
                   "'s mean, otherwise undetermined; the level at the final checkpoint is the "
                   "pre-specified primary endpoint, the mean over log tokens is reported beside "
                   "it. The gain's own effect is the after-gain minus the before-gain value, "
                   "paired per run of " +
                   d.a + "." +
                   (d.decomposition->control.empty()
                        ? std::string()
                        : " " + d.decomposition->control + " trains " + d.a + " with " +
                              d.decomposition->control_of +
                              " removed (gain fixed at 1) and is compared at the same taps.");
        }
        for (const auto& c : d.controls) {
            out += " The " + d.id + " comparison is repeated against " + c.cell +
                   ", which removes " + c.removes + "; the share of " + d.a + " − " + d.b +
                   " the difference explains is 1 − Δ(" + d.a + " − " + c.cell + ") / Δ(" + d.a +
                   " − " + d.b + ") by the point estimates.";
        }
        if (!d.sensitivity_cells.empty()) {
            std::string cells;
            for (const auto& c : d.sensitivity_cells) {
                cells += (cells.empty() ? "" : ", ") + c;
            }
            out += " Sensitivity of the " + d.id + " comparison to " + d.sensitivity_of + ": " +
                   cells +
                   " (not trained by default) enter the claim when the experiment has "
                   "them.";
        }
    }
    return out;
}

// How the data claims are replicated and what else they report.
std::string dataText() {
    return " Data comparisons: runs of a cell with data.sample_fraction below 1 train on their "
           "own seeded sample of whole training documents (the seeds replicate the corpus, not "
           "only the initialisation); the claim says how many runs had distinct samples. Each "
           "variant other than standard is also probed on its own held-out batch (from its test "
           "split), reported beside the shared-batch numbers, which stay primary. The source mix "
           "of the two training splits is given; a within-genre pair whose share of some source "
           "differs by more than " +
           num(100 * rs::kSourceGapLimit, 3) + " points is not called free of genre or source.";
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
           "). The mean over layers is the pre-specified primary endpoint; per-layer p-values "
           "are secondary and Holm-adjusted across layers (at 4 layers and 4 against 4 seeds no "
           "adjusted layer p can fall below 4 × 2/70 = 0.114). The primary claims form one "
           "family: the level and the rate of every comparison of the design (QK-Norm on its "
           "deciding tap), Holm-adjusted across it, the adjusted p given beside the raw one in "
           "each claim; runs left out are counted in the claims of their cells. Rate: each run's "
           "trajectory "
           "averaged over log tokens (marks > 0), compared in the same way. The change over time "
           "pools every run of the study, each paired with itself (final against first shared "
           "checkpoint; sign-flip test, exact up to 20 runs, else 20,000 seeded draws; Student-t "
           "interval). A difference is called "
           "significant when p < " +
           num(s.options.alpha, 3) +
           " and the interval excludes zero; when the smallest p the test could reach at this n "
           "is above that, the claim is 'undetermined'; a non-significant difference is never "
           "called absent." +
           decompositionText() + dataText() +
           " Phase transitions: a step model must beat the best smooth model (line "
           "or hinge in log tokens) by ΔBIC > " +
           num(rs::kPhaseMinDeltaBic, 3) + " with a drop of at least " +
           num(100 * rs::kPhaseMinDrop, 3) + " % of the trajectory's range (noise floor " +
           num(100 * rs::kPhaseNoiseFloor, 3) + " % of the range, at least " +
           std::to_string(rs::kPhaseMinCheckpoints) +
           " checkpoints); an absence is reported with the rule's power, simulated per run: a "
           "drop of " +
           num(100 * rs::kPowerDrop, 3) +
           " % of the range inserted before a random mark of the "
           "run's smooth fit plus its observed noise, " +
           std::to_string(rs::kPowerTrials) +
           " trials. Rank-loss coupling: partial correlation of the metric's and the loss's "
           "slopes in log tokens over checkpoint intervals after the initialisation one, log "
           "tokens partialled out; the mean over runs with a t interval on Fisher's z, a verdict "
           "only when it lies wholly above or below " +
           num(rs::kCouplingTied, 3) +
           ". Gamma as a proxy is judged "
           "first by the single-dimension ablation, which is not gamma-free (it zeroes γⱼ·x̂ⱼ, "
           "so its loss increase grows with |γⱼ| by construction): " +
           rs::ruleText(rs::kAblationEvidence) + "; when no ablation was run, by the gamma-free " +
           rs::ruleText(rs::kOverlapEvidence) +
           ". Surgery: the trapezoidal areas between the loss curves over the pruned fraction; "
           "gamma is called a reliable pruning guide when area(γ − SVD) < " +
           num(rs::kGammaReliableRatio, 3) + " × area(random − SVD) and misleading above " +
           num(rs::kGammaMisleadingRatio, 3) +
           " ×, with a verdict only when the 95 % t interval of the cell's per-seed ratios lies "
           "wholly on one side of a threshold. SVD pruning may rotate K; gamma and random pruning "
           "only drop axes, so gamma is also compared with the best axis-aligned choice (the "
           "axes with the smallest pre-gain energy share per KV head, strategy 'energy')." +
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
    ReportTable answers;
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
        .heading(2, "Answers at a glance")
        .paragraph("Each question's deciding contrast (QK-Norm on what it receives), as the claims "
                   "below word it; the figure column links the figure that shows it over training.")
        .table(c.answers)
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
    c.answers = answersTable(s);
    c.tables = reportTables(s);
    c.excluded = s.excluded;
    c.method = methodText(s, runs);
    c.caveats = kCaveats;
    for (const auto* r : runs) {
        c.provenance.push_back(provenanceLine(*r, c.eval_hash));
    }
    c.problems = rs::problemsOf(runs);
    out.problems = c.problems;
    auto written = c.tables;
    written.insert(written.begin(), c.answers); // tables/answers.csv beside the others
    out.files += writeFiguresAndTables(dir, runs, written);
    const auto doc = reportDocument(c);
    write(dir.filePath("report.md"), toMarkdown(doc));
    write(dir.filePath("report.html"), toHtml(doc));
    out.files << dir.filePath("report.md") << dir.filePath("report.html");
    return out;
}

} // namespace rsui
