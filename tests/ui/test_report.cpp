#include "fake_experiment.h"
#include "ui/report/report_tables.h"
#include "ui/report/report_writer.h"

#include <QFile>
#include <QFileInfo>

#include <gtest/gtest.h>

#include <limits>

namespace fs = std::filesystem;

namespace {

const std::vector<long long> kMarks = {0, 1000, 2000, 4000, 8000};

// Key PR trajectories falling from 3.5 to `final` over the marks, seeds spread by 0.01.
void addCell(const fs::path& exp, const std::string& cell, bool qk, double final, int seeds) {
    for (int s = 0; s < seeds; ++s) {
        std::vector<double> pr;
        for (size_t i = 0; i < kMarks.size(); ++i) {
            pr.push_back(3.5 + (final - 3.5) * double(i) / double(kMarks.size() - 1) + 0.01 * s);
        }
        rsui::test::writeFakeRun(
            exp, {cell + "-s" + std::to_string(s), cell, qk, kMarks, pr, {6, 5, 4.5, 4.2, 4.0}});
    }
}

std::string claimOf(const rsui::ReportResult& r, const std::string& id) {
    for (const auto& c : r.study.comparisons) {
        if (c.id == id) {
            return c.claim;
        }
    }
    return {};
}

} // namespace

TEST(Report, PlantedEffectIsClaimedAndAbsentOneIsNot) {
    const auto exp = rsui::test::fakeExperiment("report-exp");
    addCell(exp, "A1", true, 2.0, 4); // QK-Norm: lower final PR than A2 (planted)
    addCell(exp, "A2", false, 3.2, 4);
    addCell(exp, "B1", true, 2.0, 4); // optimizer: same as A1 (absent)
    addCell(exp, "B2", false, 3.2, 4);
    addCell(exp, "C1", true, 2.5, 4); // data: same (absent)
    addCell(exp, "C2", true, 2.5, 4);
    const auto out = rsui::test::fakeExperiment("report-out");
    const auto r = rsui::writeReport(QString::fromStdString(exp.string()),
                                     QString::fromStdString(out.string()));
    EXPECT_EQ(r.study.min_seeds, 4);
    const auto qk = claimOf(r, "qk_norm");
    // Decided on what QK-Norm receives (the pre tap), with Welch interval and exact p = 2/70.
    EXPECT_NE(qk.find("QK-Norm accelerates collapse of the representation it normalises (the "
                      "final K participation ratio (pre) is lower with it)"),
              std::string::npos)
        << qk;
    EXPECT_NE(qk.find("n = 4 seeds per cell"), std::string::npos) << qk;
    EXPECT_NE(qk.find("(Welch t)"), std::string::npos) << qk;
    EXPECT_NE(qk.find("p = 0.0286"), std::string::npos) << qk;
    // The trajectories fall linearly in marks to different ends: the rate differs too.
    EXPECT_NE(qk.find("Over training as a whole (mean over log tokens): QK-Norm accelerates"),
              std::string::npos)
        << qk;
    EXPECT_NE(qk.find("'gainless' at the end Δ = -1.2"), std::string::npos) << qk;
    // Absent effects: never a null claim, only what the interval still allows.
    const auto opt = claimOf(r, "optimizer");
    EXPECT_EQ(opt.rfind("No difference in final K participation ratio (normed) was detected", 0),
              0u)
        << opt;
    EXPECT_NE(opt.find("no absence of an effect is claimed"), std::string::npos) << opt;
    EXPECT_EQ(opt.find("similar"), std::string::npos) << opt;
    const auto data = claimOf(r, "data");
    EXPECT_EQ(data.rfind("No difference in final K", 0), 0u) << data;
    EXPECT_EQ(data.find("independent"), std::string::npos) << data;
    // Over time every run is paired with itself and the cells are pooled: 24 runs, more than
    // are enumerated, so 20,000 seeded sign patterns; every run falls, so p = 1 / 20,001.
    const auto time = claimOf(r, "time");
    EXPECT_EQ(time.rfind("The K participation ratio falls over training", 0), 0u) << time;
    EXPECT_NE(time.find("p = 5e-05 (Monte-Carlo sign-flip test, 20001 sign patterns), n = 24 "
                        "paired runs"),
              std::string::npos)
        << time;

    // Every listed file exists and is non-empty; the HTML references every figure.
    for (const auto& f : r.files) {
        EXPECT_GT(QFileInfo(f).size(), 0) << f.toStdString();
    }
    for (const char* id :
         {"trajectory", "waterfall", "data_complexity", "surgery", "gamma_vs_svd", "loss"}) {
        for (const char* ext : {".png", ".svg", ".csv"}) {
            EXPECT_TRUE(fs::exists(out / "figures" / (std::string(id) + ext))) << id << ext;
        }
    }
    for (const char* t : {"cells", "trajectories", "comparisons", "dynamics", "gamma_proxy"}) {
        EXPECT_GT(fs::file_size(out / "tables" / (std::string(t) + ".csv")), 0u) << t;
        EXPECT_GT(fs::file_size(out / "tables" / (std::string(t) + ".md")), 0u) << t;
    }
    // The long table: A1's final PR at layer 1, head 0 over 4 seeds, 2.0 + 0.5 + mean(0..0.03).
    QFile cm(QString::fromStdString((out / "tables" / "cell_metrics.csv").string()));
    ASSERT_TRUE(cm.open(QIODevice::ReadOnly));
    EXPECT_TRUE(QString::fromUtf8(cm.readAll()).contains("A1,8000,1,0,k,normed,pr,4,2.515,"));
    QFile html(QString::fromStdString((out / "report.html").string()));
    ASSERT_TRUE(html.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(html.readAll());
    for (const char* id :
         {"trajectory", "waterfall", "data_complexity", "surgery", "gamma_vs_svd"}) {
        EXPECT_TRUE(text.contains(QStringLiteral("figures/%1.png").arg(id))) << id;
    }
    EXPECT_TRUE(text.contains("QK-Norm accelerates collapse"));
    EXPECT_TRUE(text.contains("tap_decomposition"));
    EXPECT_TRUE(text.contains("Provenance"));
    EXPECT_GT(fs::file_size(out / "report.md"), 0u);
    // The questions at a glance open the report, before the detailed claims, each row linked
    // to its figure.
    const auto glance = text.indexOf("Answers at a glance");
    ASSERT_GE(glance, 0);
    EXPECT_LT(glance, text.indexOf("<h2>Claims</h2>"));
    EXPECT_TRUE(text.contains("<a href=\"#fig-contrast_over_time\">"));
    EXPECT_TRUE(text.contains("<figure id=\"fig-contrast_over_time\">"));
    EXPECT_GT(fs::file_size(out / "tables" / "answers.csv"), 0u);
}

TEST(Report, OneSeedPerCellClaimsNothing) {
    const auto exp = rsui::test::fakeExperiment("report-one");
    addCell(exp, "A1", true, 2.0, 1);
    addCell(exp, "A2", false, 3.2, 1);
    const auto out = rsui::test::fakeExperiment("report-one-out");
    const auto r = rsui::writeReport(QString::fromStdString(exp.string()),
                                     QString::fromStdString(out.string()));
    const auto qk = claimOf(r, "qk_norm");
    EXPECT_NE(qk.find("undetermined with n = 1 seed per cell (smallest achievable p = 1"),
              std::string::npos)
        << qk;
    EXPECT_NE(qk.find("Δ = -1.2"), std::string::npos) << qk; // the effect size is still there
    EXPECT_TRUE(claimOf(r, "data").empty());                 // C1/C2 absent: unavailable, no claim
}

TEST(Report, OnlyFinishedRunsAreComparedAndTheOthersAreListed) {
    const auto exp = rsui::test::fakeExperiment("report-excluded");
    addCell(exp, "A1", true, 2.0, 4);
    addCell(exp, "A2", false, 3.2, 4);
    // A diverged A1 seed: its probes read as missing (null), never as a PR of 0.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    rsui::test::writeFakeRun(
        exp, {"A1-s7", "A1", true, kMarks, {3.5, 3.0, nan, nan, nan}, {6, 5, 4.5, 4.2, 4.0}},
        "diverged", "loss became NaN at 2000");
    // A cancelled A2 seed stopped at an earlier checkpoint with a very different value.
    rsui::test::writeFakeRun(
        exp, {"A2-s9", "A2", false, {0, 1000, 2000}, {3.5, 0.5, 0.1}, {6, 5, 4.5}}, "cancelled");
    const auto out = rsui::test::fakeExperiment("report-excluded-out");
    const auto r = rsui::writeReport(QString::fromStdString(exp.string()),
                                     QString::fromStdString(out.string()));
    ASSERT_EQ(r.study.excluded.size(), 2u);
    EXPECT_EQ(r.study.excluded[0].run, "A1-s7");
    EXPECT_EQ(r.study.excluded[0].state, "diverged");
    EXPECT_EQ(r.study.excluded[1].run, "A2-s9");
    for (const auto& c : r.study.cells) {
        for (const auto& run : c.runs) {
            EXPECT_NE(run, "A1-s7");
            EXPECT_NE(run, "A2-s9");
        }
    }
    // Compared at the common final checkpoint, 4 finished seeds each.
    const auto& qk = r.study.comparisons.front();
    EXPECT_EQ(qk.tokens, 8000);
    EXPECT_EQ(qk.na, 4);
    EXPECT_EQ(qk.nb, 4);
    EXPECT_NEAR(qk.overall.delta, -1.2, 1e-9);
    QFile md(QString::fromStdString((out / "report.md").string()));
    ASSERT_TRUE(md.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(md.readAll());
    EXPECT_TRUE(text.contains("## Excluded runs"));
    EXPECT_TRUE(text.contains("A1-s7"));
    EXPECT_TRUE(text.contains("loss became NaN at 2000"));
    // The long table never averages a missing value in as a number.
    QFile cm(QString::fromStdString((out / "tables" / "cell_metrics.csv").string()));
    ASSERT_TRUE(cm.open(QIODevice::ReadOnly));
    EXPECT_TRUE(QString::fromUtf8(cm.readAll()).contains("A1,8000,1,0,k,normed,pr,4,2.515,"));
}

TEST(Report, MissingOrEmptyExperimentIsNamedWithTheFix) {
    const auto empty = rsui::test::fakeExperiment("report-empty");
    try {
        rsui::writeReport(QString::fromStdString(empty.string()),
                          QString::fromStdString((empty / "out").string()));
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("no runs in"), std::string::npos) << m;
        EXPECT_NE(m.find("train the matrix first"), std::string::npos) << m;
    }
    try {
        rsui::writeReport(QString::fromStdString((empty / "nope").string()),
                          QString::fromStdString((empty / "out").string()));
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("nope' does not exist"), std::string::npos) << m;
    }
}

TEST(Report, TheDynamicsTableDoesNotCallRoundingAPreferredModel) {
    rs::StudyResult s;
    rs::RunDynamics d;
    d.run = "A1-s0";
    d.cell = "A1";
    d.transition.enough_points = true;
    d.transition.best_model = "step";
    d.transition.delta_bic = 2.5e-14; // the two fits equal up to rounding
    s.dynamics.push_back(d);
    d.run = "A1-s1";
    d.transition.delta_bic = 7.3;
    s.dynamics.push_back(d);
    for (const auto& t : rsui::reportTables(s)) {
        if (t.name == "dynamics") {
            ASSERT_EQ(t.rows.size(), 2u);
            EXPECT_EQ(t.rows[0][4], "neither (ΔBIC ≈ 0)");
            EXPECT_EQ(t.rows[0][9], "0");
            EXPECT_EQ(t.rows[1][4], "step");
            return;
        }
    }
    FAIL() << "no dynamics table";
}
