#include "ui/report/report_writer.h"
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

// One table, written as CSV and as a Markdown table.
struct Table {
    std::string name, title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::string csv() const {
        std::string o = rs::csvRow(header);
        for (const auto& r : rows) {
            o += rs::csvRow(r);
        }
        return o;
    }
    std::string markdown() const {
        std::ostringstream o;
        auto line = [&](const std::vector<std::string>& r) {
            o << "|";
            for (const auto& c : r) {
                o << " " << c << " |";
            }
            o << "\n";
        };
        line(header);
        o << "|";
        for (size_t i = 0; i < header.size(); ++i) {
            o << "---|";
        }
        o << "\n";
        for (const auto& r : rows) {
            line(r);
        }
        return o.str();
    }
};

std::string html(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

std::string htmlTable(const Table& t) {
    std::string o = "<table>\n<tr>";
    for (const auto& h : t.header) {
        o += "<th>" + html(h) + "</th>";
    }
    o += "</tr>\n";
    for (const auto& r : t.rows) {
        o += "<tr>";
        for (const auto& c : r) {
            o += "<td>" + html(c) + "</td>";
        }
        o += "</tr>\n";
    }
    return o + "</table>\n";
}

// Cells at their final shared checkpoint, and every cell's trajectory.
std::pair<Table, Table> cellTables(const rs::StudyResult& s) {
    Table cells{"cells",
                "Cells at their final shared checkpoint (metric over layers and heads)",
                {"cell", "runs", "n", "final tokens", "mean", "sd", "95% CI low", "95% CI high",
                 "final val loss"},
                {}};
    Table traj{"trajectories",
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

Table comparisonTable(const rs::StudyResult& s) {
    Table comp{"comparisons",
               "Comparisons (a − b), overall and per layer; Holm across layers",
               {"comparison", "a", "b", "n a", "n b", "layer", "delta", "95% CI low", "95% CI high",
                "p", "p (Holm)", "test"},
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

Table dynamicsTable(const rs::StudyResult& s) {
    Table dyn{"dynamics",
              "Trajectory dynamics per run",
              {"run", "cell", "checkpoints >= 5", "sudden drop", "best model", "before tokens",
               "onset tokens", "jump", "jump / range", "delta BIC", "rank-loss coupling r"},
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

Table gammaTable(const rs::StudyResult& s) {
    Table gam{"gamma_proxy",
              "Gamma as a proxy: gamma-free measures of use (ablation, pre-gain energy, subspace "
              "overlap), the circular post-gain correlation for comparison, surgery areas",
              {"run", "rho |gamma| vs ablation", "rho |gamma| vs pre-gain energy by layer",
               "rho |gamma| vs post-gain energy by layer (contains gamma^2)", "overlap k=25/50/75%",
               "sweep checkpoint", "area gamma-svd", "area random-svd", "area random-gamma",
               "ratio"},
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

std::vector<Table> tables(const rs::StudyResult& s) {
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
        if (c.train.optimizer == "muon_adamw") {
            grouping.insert(c.train.muon.grouping);
            ortho.insert(c.train.muon.coefficients + " × " + std::to_string(c.train.muon.ns_steps));
        } else {
            decay.insert(c.cell + (c.train.adamw.decay_hidden_matrices
                                       ? ": AdamW decays every matrix by " +
                                             num(c.train.adamw.weight_decay, 3)
                                       : ": no decay on the hidden matrices"));
        }
        if (c.model.qk_norm) {
            gamma.insert(c.model.qk_norm_gamma);
        }
    }
    auto list = [](const std::set<std::string>& v) {
        std::string o;
        for (const auto& x : v) {
            o += (o.empty() ? "" : ", ") + x;
        }
        return o.empty() ? std::string("n/a") : o;
    };
    return " Model and optimizer as recorded by the runs (the reference: fused_qkvo, shared, "
           "polar_express × 5): Muon orthogonalizes " +
           list(grouping) +
           " (fused_qkvo: a layer's W_q, W_k, W_v, W_o as one stacked matrix); "
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
           "or hinge in log tokens) by ΔBIC > 6 with a drop of at least 10 % of the trajectory's "
           "range (noise floor 1 % of the range). Rank-loss coupling: partial correlation of "
           "dPR/dlog t and dLoss/dlog t over checkpoint intervals with log tokens partialled "
           "out. Gamma as a proxy: trapezoidal areas between the surgery loss curves over the "
           "pruned fraction; gamma is called reliable when area(gamma − SVD) < 0.25 × "
           "area(random − SVD), misleading above 0.5." +
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
    std::vector<Table> tables;
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

std::string markdownReport(const ReportContent& c) {
    std::ostringstream md;
    md << "# RankScope report\n\nExperiment: `" << c.experiment << "` · " << c.runs
       << " runs · written " << c.written << "\n\n";
    md << "## Claims\n\n" << c.notes << "\n\n";
    for (const auto& claim : c.claims) {
        md << "- " << claim << "\n";
    }
    md << "\n## Figures\n\n";
    for (const auto& spec : figureCatalog()) {
        const char *id = spec.id, *cap = spec.caption;
        md << "![" << cap << "](figures/" << id << ".png)\n\n*" << cap << "* ([SVG](figures/" << id
           << ".svg), [CSV](figures/" << id << ".csv))\n\n";
    }
    md << "## Tables\n\n";
    for (const auto& t : c.tables) {
        md << "### " << t.title << "\n\n"
           << t.markdown() << "\n([CSV](tables/" << t.name << ".csv))\n\n";
    }
    if (!c.excluded.empty()) {
        md << "## Excluded runs\n\nOnly finished runs enter the statistics.\n\n";
        for (const auto& e : c.excluded) {
            md << "- " << e.run << " (" << e.state << "): " << e.reason << "\n";
        }
        md << "\n";
    }
    if (!c.problems.empty()) {
        md << "## Damaged files left out\n\nThese files failed their integrity check or could "
              "not be read; the figures and statistics above are computed without them.\n\n";
        for (const auto& p : c.problems) {
            md << "- " << p << "\n";
        }
        md << "\n";
    }
    md << "## Method\n\n" << c.method << "\n\n## Caveats and prior work\n\n" << c.caveats << "\n\n";
    md << "## Provenance\n\nEvaluation batch sha256: `"
       << (c.eval_hash.empty() ? "n/a" : c.eval_hash) << "`\n\n";
    for (const auto& p : c.provenance) {
        md << "- " << p << "\n";
    }
    return md.str();
}

const char* kHtmlHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>RankScope report</title><style>"
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse;margin:1em 0;font-size:90%}"
    "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
    "img{max-width:100%}figure{margin:1.5em 0}figcaption{color:#444}"
    ".prov{font-size:80%;word-break:break-all}</style></head><body>\n";

// The same content as report.md; figures beside it in figures/.
std::string htmlReport(const ReportContent& c) {
    std::ostringstream h;
    h << kHtmlHead << "<h1>RankScope report</h1><p>Experiment: <code>" << html(c.experiment)
      << "</code> · " << c.runs << " runs · written " << c.written << "</p>\n";
    h << "<h2>Claims</h2><p>" << html(c.notes) << "</p><ul>\n";
    for (const auto& claim : c.claims) {
        h << "<li>" << html(claim) << "</li>\n";
    }
    h << "</ul>\n<h2>Figures</h2>\n";
    for (const auto& spec : figureCatalog()) {
        const char *id = spec.id, *cap = spec.caption;
        h << "<figure><img src=\"figures/" << id << ".png\" alt=\"" << html(cap)
          << "\"><figcaption>" << html(cap) << " (<a href=\"figures/" << id
          << ".svg\">SVG</a>, <a href=\"figures/" << id
          << ".csv\">CSV</a>)</figcaption></figure>\n";
    }
    h << "<h2>Tables</h2>\n";
    for (const auto& t : c.tables) {
        h << "<h3>" << html(t.title) << "</h3>\n"
          << htmlTable(t) << "<p><a href=\"tables/" << t.name << ".csv\">CSV</a></p>\n";
    }
    if (!c.excluded.empty()) {
        h << "<h2>Excluded runs</h2><p>Only finished runs enter the statistics.</p><ul>\n";
        for (const auto& e : c.excluded) {
            h << "<li>" << html(e.run + " (" + e.state + "): " + e.reason) << "</li>\n";
        }
        h << "</ul>\n";
    }
    if (!c.problems.empty()) {
        h << "<h2>Damaged files left out</h2><p>These files failed their integrity check or "
             "could not be read; the figures and statistics above are computed without "
             "them.</p><ul>\n";
        for (const auto& p : c.problems) {
            h << "<li>" << html(p) << "</li>\n";
        }
        h << "</ul>\n";
    }
    h << "<h2>Method</h2><p>" << html(c.method) << "</p><h2>Caveats and prior work</h2><p>"
      << html(c.caveats) << "</p><h2>Provenance</h2><p>Evaluation batch sha256: <code>"
      << html(c.eval_hash.empty() ? "n/a" : c.eval_hash) << "</code></p><ul class=\"prov\">\n";
    for (const auto& p : c.provenance) {
        h << "<li>" << html(p) << "</li>\n";
    }
    h << "</ul></body></html>\n";
    return h.str();
}

// Figures (PNG, SVG, CSV), the tables (CSV, Markdown) and the long cell-metric table.
QStringList writeFiguresAndTables(const QDir& dir, const std::vector<const rs::RunSnapshot*>& runs,
                                  const std::vector<Table>& tabs) {
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
    write(dir.filePath("report.md"), markdownReport(c));
    write(dir.filePath("report.html"), htmlReport(c));
    out.files << dir.filePath("report.md") << dir.filePath("report.html");
    return out;
}

} // namespace rsui
