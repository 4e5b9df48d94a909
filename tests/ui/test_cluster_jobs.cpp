// The workbench's Slurm target: the dialog's choice, submitting off the GUI thread through a
// stand-in sbatch, and the runs table showing each run's job.
#include "fake_experiment.h"
#include "ui/runs/cluster_jobs.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_matrix_dialog.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/slurm_target_box.h"
#include "core/store/experiment_plan.h"
#include "core/util/files.h"

#include <QPushButton>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace fs = std::filesystem;

namespace {

// PATH set to `dir` for the lifetime of the object, with /usr/bin and /bin (for sh) unless
// `only`: a real sbatch there must not count.
class ScopedPath {
  public:
    explicit ScopedPath(const fs::path& dir, bool only = false) : old_(std::getenv("PATH")) {
        ::setenv("PATH", (dir.string() + (only ? "" : ":/usr/bin:/bin")).c_str(), 1);
    }
    ~ScopedPath() { ::setenv("PATH", old_.c_str(), 1); }

  private:
    std::string old_;
};

// A stand-in sbatch in `dir`: records its arguments, answers with a job id.
void fakeSbatch(const fs::path& dir, const std::string& id) {
    fs::create_directories(dir);
    std::ofstream(dir / "sbatch")
        << "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$(dirname \"$0\")/args\"\n"
           "echo "
        << id << "\n";
    fs::permissions(dir / "sbatch", fs::perms::owner_all);
}

fs::path scratch(const std::string& name) {
    auto d = fs::temp_directory_path() / ("rankscope-ui-cluster-" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

} // namespace

TEST(ClusterJobs, TheSlurmTargetNeedsSbatchAndSaysSo) {
    const auto empty = scratch("no-sbatch");
    {
        ScopedPath path(empty, true);
        rsui::SlurmTargetBox box;
        EXPECT_FALSE(box.slurmAvailable());
        box.chooseSlurm(true);
        EXPECT_FALSE(box.slurmChosen());
        EXPECT_TRUE(box.note().contains("sbatch is not on PATH")) << box.note().toStdString();
        EXPECT_TRUE(box.noteShown());
    }
    const auto bin = scratch("with-sbatch");
    fakeSbatch(bin, "1");
    ScopedPath path(bin);
    rsui::RunMatrixDialog dlg;
    auto* box = dlg.targetBox();
    ASSERT_TRUE(box->slurmAvailable());
    EXPECT_FALSE(box->slurmChosen()); // this machine by default
    EXPECT_FALSE(box->noteShown()) << "the requeue note is for Slurm only";
    box->chooseSlurm(true);
    EXPECT_TRUE(box->slurmChosen());
    EXPECT_TRUE(box->noteShown());
    const auto res = box->resources();
    EXPECT_EQ(res.cpus_per_task, 4);
    EXPECT_EQ(res.gpus_per_task, 0);
    EXPECT_NO_THROW(res.validate());
    bool submitButton = false;
    for (auto* b : dlg.findChildren<QPushButton*>()) {
        submitButton = submitButton || b->text().contains("Slurm");
    }
    EXPECT_TRUE(submitButton);
}

TEST(ClusterJobs, SubmitsOffTheGuiThreadAndKnowsEachRunsJob) {
    const auto root = scratch("submit");
    fakeSbatch(root / "bin", "4242");
    ScopedPath path(root / "bin");
    rs::SlurmSubmitRequest r;
    r.out = root / "exp";
    r.cli = "/opt/rankscope/bin/rankscope-cli";
    r.preset = "test";
    auto cfg = rs::loadPreset("test");
    for (const char* cell : {"A1", "A2"}) {
        cfg.cell = cell;
        r.runs.push_back(cfg);
    }
    const auto scripts = rs::slurmScripts(r, rs::existingPlan(r.out));
    EXPECT_TRUE(rsui::ClusterJobs::scriptText(scripts).contains("#SBATCH --array=0-1"));
    rsui::ClusterJobs jobs;
    QSignalSpy done(&jobs, &rsui::ClusterJobs::submitted);
    QSignalSpy failed(&jobs, &rsui::ClusterJobs::failed);
    jobs.submit(r);
    EXPECT_TRUE(jobs.submitting());
    ASSERT_TRUE(done.wait(10000)) << (failed.isEmpty()
                                          ? std::string("timeout")
                                          : failed.front().front().toString().toStdString());
    EXPECT_EQ(done.front().at(0).toString(), "4242");
    EXPECT_EQ(jobs.jobOf("A1-s0"), "4242_0");
    EXPECT_EQ(jobs.jobOf("A2-s0"), "4242_1");
    EXPECT_EQ(rs::readExperimentPlan(r.out).runs.size(), 2u);
    const auto args = rs::readFile(root / "bin" / "args");
    EXPECT_NE(args.find("--parsable"), std::string::npos) << args;
    EXPECT_NE(args.find((r.out / "slurm" / "rankscope.sbatch").string()), std::string::npos);
    // The runs table shows the job beside the state the run folder gives.
    rsui::ExperimentStore store;
    store.open(QString::fromStdString(r.out.string()));
    rsui::RunTableModel model;
    model.setRuns(store.runs());
    model.setClusterJobs(jobs.jobs());
    const int row = model.rowOf("A2-s0");
    ASSERT_GE(row, 0);
    EXPECT_EQ(model.index(row, rsui::RunTableModel::Status).data().toString(),
              "queued · job 4242_1");
}

TEST(ClusterJobs, AFailedSubmissionIsReported) {
    const auto root = scratch("fail");
    fs::create_directories(root / "bin");
    std::ofstream(root / "bin" / "sbatch")
        << "#!/bin/sh\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n";
    fs::permissions(root / "bin" / "sbatch", fs::perms::owner_all);
    ScopedPath path(root / "bin");
    rs::SlurmSubmitRequest r;
    r.out = root / "exp";
    r.cli = "/usr/bin/rankscope-cli";
    r.preset = "test";
    r.runs = {rs::loadPreset("test")};
    r.runs.front().cell = "A1";
    rsui::ClusterJobs jobs;
    QSignalSpy failed(&jobs, &rsui::ClusterJobs::failed);
    jobs.submit(r);
    ASSERT_TRUE(failed.wait(10000));
    EXPECT_TRUE(failed.front().front().toString().contains("invalid partition"));
    EXPECT_FALSE(jobs.submitting());
}
