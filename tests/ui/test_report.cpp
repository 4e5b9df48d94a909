#include "fake_experiment.h"
#include "report/report_writer.h"

#include <QFile>
#include <QFileInfo>

#include <gtest/gtest.h>

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
    EXPECT_EQ(qk.rfind("QK-Norm accelerates collapse", 0), 0u) << qk;
    EXPECT_NE(qk.find("n = 4 seeds per cell"), std::string::npos) << qk;
    const auto opt = claimOf(r, "optimizer");
    EXPECT_EQ(opt.rfind("Muon produces a similar spectral evolution", 0), 0u) << opt;
    const auto data = claimOf(r, "data");
    EXPECT_EQ(data.rfind("Collapse depth is independent of data complexity", 0), 0u) << data;
    // Over time the test is paired by seed: with 4 seeds the exact sign-flip test cannot go
    // below p = 2/16, so even this clean fall is reported as not significant.
    const auto time = claimOf(r, "time");
    EXPECT_EQ(time.rfind("No significant change of A1's key", 0), 0u) << time;
    EXPECT_NE(time.find("p = 0.125"), std::string::npos) << time;

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
    EXPECT_TRUE(text.contains("Provenance"));
    EXPECT_GT(fs::file_size(out / "report.md"), 0u);
}

TEST(Report, OneSeedPerCellClaimsNothing) {
    const auto exp = rsui::test::fakeExperiment("report-one");
    addCell(exp, "A1", true, 2.0, 1);
    addCell(exp, "A2", false, 3.2, 1);
    const auto out = rsui::test::fakeExperiment("report-one-out");
    const auto r = rsui::writeReport(QString::fromStdString(exp.string()),
                                     QString::fromStdString(out.string()));
    const auto qk = claimOf(r, "qk_norm");
    EXPECT_NE(qk.find("no significance can be claimed"), std::string::npos) << qk;
    EXPECT_NE(qk.find("Δ = -1.2"), std::string::npos) << qk; // the effect size is still there
    EXPECT_TRUE(claimOf(r, "data").empty());                 // C1/C2 absent: unavailable, no claim
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
