// Shell quoting, processes without a shell, locks and the Slurm scripts: what lets many
// processes share one experiment folder and keeps every user string out of a shell.
#include "test_util.h"

#include "core/cluster/slurm_queue.h"
#include "core/cluster/slurm_script.h"
#include "core/cluster/slurm_submit.h"
#include "core/data/experiment_data.h"
#include "core/config/run_config.h"
#include "core/store/experiment_plan.h"
#include "core/store/locks.h"
#include "core/store/run_dir.h"
#include "core/store/slurm_record.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/file_lock.h"
#include "core/util/files.h"
#include "core/util/process.h"
#include "core/util/shell.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kHostile = {
    "$(touch pwned)", "`touch pwned`", "it's", "two words", "line\nbreak", "a\"b",
    "back\\slash",    "; touch pwned", "*",    "",          "-n",          "$HOME",
};

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

} // namespace

TEST(Cluster, ShellQuoteReadsBackAsOneWordWithTheSameBytes) {
    const auto dir = rs::test::freshDir("quote");
    fs::create_directories(dir);
    for (const auto& s : kHostile) {
        const auto r = rs::runProcess({"sh", "-c", "printf '%s|' " + rs::shellQuote(s)}, dir);
        ASSERT_TRUE(r.ok()) << r.output;
        EXPECT_EQ(r.output, s + "|") << "quoting " << s;
    }
    EXPECT_FALSE(fs::exists(dir / "pwned"));
    EXPECT_EQ(rs::shellQuote("it's"), "'it'\\''s'");
}

TEST(Cluster, SafeNamesAreLettersDigitsDotDashUnderscore) {
    EXPECT_TRUE(rs::isSafeName("A1-s0"));
    EXPECT_TRUE(rs::isSafeName("my_cell.v2"));
    for (const auto& s : kHostile) {
        EXPECT_FALSE(rs::isSafeName(s)) << s;
    }
    EXPECT_FALSE(rs::isSafeName(".."));
    EXPECT_FALSE(rs::isSafeName("a/b"));
    EXPECT_FALSE(rs::isSafeName(std::string(101, 'a')));
}

TEST(Cluster, ProcessesGetTheirArgumentsVerbatimWithoutAShell) {
    const auto dir = rs::test::freshDir("argv");
    fs::create_directories(dir);
    for (const auto& s : kHostile) {
        const auto r = rs::runProcess({"printf", "%s", s}, dir);
        ASSERT_TRUE(r.ok()) << r.output;
        EXPECT_EQ(r.output, s);
    }
    EXPECT_FALSE(fs::exists(dir / "pwned"));
    EXPECT_EQ(rs::runProcess({"sh", "-c", "exit 3"}).exit_code, 3);
    EXPECT_EQ(rs::runProcess({"sh", "-c", "kill -TERM $$"}).exit_code, 143);
    const auto missing = rs::runProcess({"rankscope-no-such-program"});
    EXPECT_EQ(missing.exit_code, 127);
    EXPECT_NE(missing.output.find("No such file"), std::string::npos) << missing.output;
    EXPECT_EQ(rs::runProcess({"pwd"}, dir).output, fs::canonical(dir).string() + "\n");
    EXPECT_TRUE(rs::onPath("sh"));
    EXPECT_FALSE(rs::onPath("rankscope-no-such-program"));
}

TEST(Cluster, AFileLockExcludesOthersAndNamesItsHolder) {
    const auto dir = rs::test::freshDir("lock");
    fs::create_directories(dir);
    const auto file = dir / "x.lock";
    {
        auto held = rs::FileLock::tryAcquire(file, "testing");
        ASSERT_TRUE(held);
        EXPECT_FALSE(rs::FileLock::tryAcquire(file, "second"));
        const auto who = rs::FileLock::holder(file);
        EXPECT_NE(who.find("process " + std::to_string(::getpid())), std::string::npos) << who;
        EXPECT_NE(who.find("testing"), std::string::npos) << who;
        // Another process (util-linux flock) sees it too.
        EXPECT_EQ(rs::runProcess({"flock", "-n", file.string(), "true"}).exit_code, 1);
        try {
            rs::FileLock::acquire(file, "waiting", std::chrono::milliseconds(200));
            FAIL() << "acquired a held lock";
        } catch (const rs::UserError& e) {
            EXPECT_NE(std::string(e.what()).find("testing"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(rs::runProcess({"flock", "-n", file.string(), "true"}).exit_code, 0);
    EXPECT_TRUE(rs::FileLock::tryAcquire(file, "after release"));
}

TEST(Cluster, WritersOfOneFileNeverShareATemporaryFile) {
    const auto dir = rs::test::freshDir("atomic");
    fs::create_directories(dir);
    const auto file = dir / "plan.json";
    EXPECT_NE(rs::uniqueTempPath(file), rs::uniqueTempPath(file));
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&file, w] {
            for (int i = 0; i < 100; ++i) {
                rs::writeFileAtomic(file, std::string(1000 + w, char('a' + w)));
            }
        });
    }
    for (auto& t : writers) {
        t.join();
    }
    const auto text = rs::readFile(file);
    ASSERT_GE(text.size(), 1000u);
    EXPECT_EQ(text, std::string(text.size(), text[0])); // one writer's content, whole
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
        ++entries;
    }
    EXPECT_EQ(entries, 1); // no temporary file left behind
}

TEST(Cluster, ExperimentPlanKeepsEveryRunOfConcurrentWriters) {
    const auto dir = rs::test::freshDir("plan");
    auto base = rs::loadPreset("test");
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&dir, base, w] {
            std::vector<rs::RunConfig> runs;
            for (int s = 0; s < 5; ++s) {
                auto cfg = base;
                cfg.cell = "W" + std::to_string(w);
                cfg.seed = uint64_t(s);
                runs.push_back(cfg);
            }
            rs::writeExperimentPlan(dir, "test", runs);
        });
    }
    for (auto& t : writers) {
        t.join();
    }
    const auto plan = rs::readExperimentPlan(dir);
    EXPECT_EQ(plan.runs.size(), 20u);
    EXPECT_EQ(plan.configs.size(), 20u);
    const auto entry = rs::planEntry(plan, 7);
    EXPECT_EQ(entry.runName(), plan.runs[7]);
    EXPECT_EQ(entry.toJson(), plan.configs.at(plan.runs[7]).toJson());
    EXPECT_THROW(rs::planEntry(plan, 20), rs::UserError);
    EXPECT_THROW(rs::planEntry(plan, -1), rs::UserError);
    auto bad = base;
    bad.cell = "$(touch pwned)";
    EXPECT_THROW(rs::writeExperimentPlan(dir, "test", {bad}), rs::UserError);
    EXPECT_THROW(bad.validate(), rs::ConfigError);
}

TEST(Cluster, ASecondTrainerOfARunLeavesItToTheFirst) {
    const auto dir = rs::test::freshDir("busy-run");
    auto cfg = rs::loadPreset("test");
    rs::RunDir rd(dir);
    rd.create();
    rs::RunStatus queued;
    rd.writeStatus(queued);
    const auto status_before = rs::readFile(rd.statusJson());
    const auto held = rs::tryLockRun(rd, "training elsewhere");
    ASSERT_TRUE(held);
    rs::TrainOptions opt;
    opt.console_log = false;
    const auto r = rs::Trainer(cfg, dir, opt).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("is being trained by process"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("training elsewhere"), std::string::npos) << r.message;
    EXPECT_EQ(rs::readFile(rd.statusJson()), status_before); // nothing of the holder's touched
    EXPECT_FALSE(fs::exists(rd.runJson()));
}

TEST(Cluster, ArraySpecsCompressRuns) {
    EXPECT_EQ(rs::slurmArraySpec({0, 1, 2, 3}), "0-3");
    EXPECT_EQ(rs::slurmArraySpec({7, 0, 1, 2, 5, 8}), "0-2,5,7-8");
    EXPECT_EQ(rs::slurmArraySpec({4}), "4");
    EXPECT_EQ(rs::slurmArraySpec({2, 2, 3}), "2-3");
}

TEST(Cluster, ResourcesRefuseWhatWouldBreakAnSbatchLine) {
    rs::SlurmResources r;
    r.partition = "gpu,gpu-long";
    r.time_limit = "1-12:00:00";
    r.mem = "16G";
    r.extra = {"--constraint=a100"};
    EXPECT_NO_THROW(r.validate());
    auto bad = [](auto change) {
        rs::SlurmResources x;
        change(x);
        EXPECT_THROW(x.validate(), rs::UserError);
    };
    bad([](auto& x) { x.partition = "gpu\n#SBATCH --account=other"; });
    bad([](auto& x) { x.time_limit = "soon"; });
    bad([](auto& x) { x.mem = "16 GB"; });
    bad([](auto& x) { x.account = "$(id)"; });
    bad([](auto& x) { x.extra = {"--comment=a\nb"}; });
    bad([](auto& x) { x.extra = {"constraint=a100"}; });
    bad([](auto& x) { x.cpus_per_task = 0; });
    bad([](auto& x) { x.grace_s = 1; });
}

TEST(Cluster, TheTaskScriptPassesHostilePathsAsPlainArguments) {
    const auto root = rs::test::freshDir("script");
    const auto experiment = root / "exp $(touch pwned) it's";
    fs::create_directories(experiment);
    // A stand-in for rankscope-cli that prints the arguments it got, one per line.
    const auto cli = root / "fake cli `touch pwned`";
    writeText(cli, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\nexit 0\n");
    fs::permissions(cli, fs::perms::owner_all);
    rs::TaskScriptInput in{cli, experiment, experiment / "slurm" / "logs", "0-3"};
    rs::SlurmResources res;
    res.gpus_per_task = 1;
    res.time_limit = "02:00:00";
    const auto script = rs::slurmTaskScript(in, res);
    for (const char* line : {"#SBATCH --array=0-3\n", "#SBATCH --requeue\n",
                             "#SBATCH --signal=B:USR1@120\n", "#SBATCH --gpus-per-task=1\n",
                             "#SBATCH --time=02:00:00\n", "#SBATCH --cpus-per-task=2\n"}) {
        EXPECT_NE(script.find(line), std::string::npos) << line;
    }
    // The folder needs quoting, so --output goes on sbatch's command line instead.
    EXPECT_EQ(script.find("#SBATCH --output"), std::string::npos);
    writeText(root / "task.sbatch", script);
    ::setenv("SLURM_ARRAY_TASK_ID", "3", 1);
    const auto r = rs::runProcess({"bash", (root / "task.sbatch").string()}, root);
    ::unsetenv("SLURM_ARRAY_TASK_ID");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output,
              "[run-task]\n[--experiment]\n[" + experiment.string() + "]\n[--index]\n[3]\n");
    EXPECT_FALSE(fs::exists(root / "pwned"));
    const auto args = rs::sbatchArgs(root / "task.sbatch", "41", experiment / "%A_%a.out");
    EXPECT_EQ(args.back(), (root / "task.sbatch").string());
    EXPECT_NE(std::find(args.begin(), args.end(), "--dependency=afterok:41"), args.end());
}

TEST(Cluster, TheTaskScriptRequeuesWhenTheTaskAsksForIt) {
    const auto root = rs::test::freshDir("requeue-script");
    fs::create_directories(root);
    const auto cli = root / "cli";
    writeText(cli, "#!/bin/sh\nexit 75\n"); // what run-task exits after USR1
    fs::permissions(cli, fs::perms::owner_all);
    const auto scontrol = root / "scontrol"; // records that it was asked to requeue
    writeText(scontrol, "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/requeued\"\n");
    fs::permissions(scontrol, fs::perms::owner_all);
    rs::TaskScriptInput in{cli, root, root / "logs", "0"};
    writeText(root / "task.sbatch", rs::slurmTaskScript(in, rs::SlurmResources{}));
    const std::string path = root.string() + ":" + std::getenv("PATH");
    const auto r = rs::runProcess({"env", "PATH=" + path, "SLURM_ARRAY_TASK_ID=0",
                                   "SLURM_JOB_ID=1234", "bash", (root / "task.sbatch").string()});
    EXPECT_EQ(r.exit_code, rs::kExitRequeue) << r.output;
    EXPECT_EQ(rs::readFile(root / "requeued"), "requeue 1234\n");
}

TEST(Cluster, SlurmOutputIsParsed) {
    EXPECT_EQ(rs::parseSbatchJobId("4242\n"), "4242");
    EXPECT_EQ(rs::parseSbatchJobId("4242;cluster\n"), "4242");
    EXPECT_EQ(rs::parseSbatchJobId("sbatch: warning: x\n77\n"), "77");
    EXPECT_THROW(rs::parseSbatchJobId("sbatch: error: invalid partition\n"), rs::UserError);
    EXPECT_THROW(rs::parseSbatchJobId(""), rs::UserError);
    const auto q = rs::parseSqueue("12_0|RUNNING|node7|None\n12_1|PENDING||Resources\n");
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q.at("12_0").node, "node7");
    EXPECT_EQ(q.at("12_0").reason, "");
    EXPECT_EQ(q.at("12_1").state, "PENDING");
    EXPECT_EQ(q.at("12_1").reason, "Resources");
    const auto a = rs::parseSacct("12_0|COMPLETED|0:0|node7\n12_0.batch|COMPLETED|0:0|node7\n"
                                  "12_1|CANCELLED by 0|0:15|None assigned\n");
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a.at("12_1").state, "CANCELLED");
    EXPECT_EQ(a.at("12_1").reason, "0:15");
    EXPECT_EQ(a.at("12_1").node, "");
}

TEST(Cluster, SubmissionsAndTaskRecordsRoundTrip) {
    const auto dir = rs::test::freshDir("submissions");
    fs::create_directories(dir / "slurm");
    rs::SlurmSubmission first{"10", "9", {0, 1}, {"A1-s0", "A1-s1"}, "2026-01-01T00:00:00Z"};
    rs::SlurmSubmission again{"20", "", {1}, {"A1-s1"}, "2026-01-02T00:00:00Z"};
    rs::appendSlurmSubmission(dir, first);
    rs::appendSlurmSubmission(dir, again);
    const auto all = rs::readSlurmSubmissions(dir);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].toJson(), first.toJson());
    EXPECT_EQ(rs::slurmJobOf(all, "A1-s0"), "10_0");
    EXPECT_EQ(rs::slurmJobOf(all, "A1-s1"), "20_1"); // the newest submission wins
    EXPECT_EQ(rs::slurmJobOf(all, "A2-s0"), "");
    rs::SlurmTaskRecord t;
    t.job_id = "21";
    t.node = "gpu3";
    t.restarts = 2;
    rs::writeSlurmTaskRecord(dir, "A1-s1", t);
    const auto back = rs::readSlurmTaskRecord(dir, "A1-s1");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->toJson(), t.toJson());
    EXPECT_FALSE(rs::readSlurmTaskRecord(dir, "A2-s0"));
}

TEST(Cluster, ASubmissionRefusesFoldersSlurmWouldMisread) {
    rs::SlurmSubmitRequest r;
    r.cli = "/usr/bin/rankscope-cli";
    r.preset = "test";
    r.runs = {rs::loadPreset("test")};
    r.out = "/tmp/run%Aset";
    try {
        r.validate();
        FAIL() << "a '%' in the folder passed";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("file-name pattern"), std::string::npos) << e.what();
    }
    r.out = "relative/exp";
    EXPECT_THROW(r.validate(), rs::UserError);
    r.out = "/tmp/exp";
    r.runs.clear();
    EXPECT_THROW(r.validate(), rs::UserError);
}

TEST(Cluster, AnUncreatableDataFolderIsNamed) {
    rs::PrepareOptions opt;
    opt.out_dir = "/proc/rankscope-data";
    try {
        rs::prepareExperimentData(opt);
        FAIL() << "prepared into /proc";
    } catch (const rs::UserError& e) {
        EXPECT_NE(
            std::string(e.what()).find("cannot create the data folder '/proc/rankscope-data'"),
            std::string::npos)
            << e.what();
    }
}
