// What a crash, a full disk, a damaged file or a careless command must not do to a run folder.
#include "core/config/run_config.h"
#include "core/model/transformer.h"
#include "core/store/experiment.h"
#include "core/store/probe_record.h"
#include "core/store/run_dir.h"
#include "core/store/sealed_file.h"
#include "core/train/checkpoint_io.h"
#include "core/train/marks.h"
#include "core/train/memory_estimate.h"
#include "core/train/runtime.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

constexpr int64_t kTps = 8 * 64; // tokens per step of the test preset

rs::RunConfig smallRun() {
    auto cfg = rs::loadPreset("test");
    cfg.cell = "A1";
    cfg.train.threads = 2;
    cfg.train.token_budget = kTps * 12;
    cfg.train.checkpoint_tokens = {kTps * 3, kTps * 6};
    return cfg;
}

rs::TrainOptions quiet(bool probe = true) {
    rs::TrainOptions o;
    o.console_log = false;
    o.probe = probe;
    return o;
}

std::map<int64_t, double> valLosses(const rs::RunDir& rd) {
    std::map<int64_t, double> v;
    for (const auto& m : rd.readMetrics()) {
        if (const auto* c = std::get_if<rs::CheckpointRecord>(&m)) {
            v[c->tokens] = c->val_loss;
        } else if (const auto* r = std::get_if<rs::ResumeRecord>(&m)) {
            v.erase(v.upper_bound(r->tokens), v.end());
        }
    }
    return v;
}

// Flips `n` bytes in the middle of a file, as a failing disk or a bad copy does.
void damage(const fs::path& file, int n = 20) {
    std::string bytes = rs::readFile(file);
    for (int i = 0; i < n; ++i) {
        bytes[bytes.size() / 2 + size_t(i)] ^= 0x5a;
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// metrics.jsonl without the lines for which `drop` is true (a kill before they were written).
void dropMetricLines(const rs::RunDir& rd, const std::function<bool(const rs::Json&)>& drop) {
    std::ifstream in(rd.metricsJsonl());
    std::string kept;
    for (std::string line; std::getline(in, line);) {
        if (!drop(rs::Json::parse(line))) {
            kept += line + "\n";
        }
    }
    std::ofstream(rd.metricsJsonl(), std::ios::trunc) << kept;
}

} // namespace

TEST(Hardening, KilledBetweenCheckpointAndItsRecordsIsCompletedOnResume) {
    const auto cfg = smallRun();
    const auto full_dir = rs::test::freshDir("hard-full");
    ASSERT_EQ(rs::Trainer(cfg, full_dir, quiet()).run().state, rs::RunState::Done);

    // Killed right after ckpt at 6 steps was renamed into place: neither its validation loss
    // nor its probe was written, and training had not gone further.
    const auto dir = rs::test::freshDir("hard-cut");
    auto opt = quiet();
    opt.stop_after_steps = 6;
    rs::Trainer(cfg, dir, opt).run();
    const rs::RunDir rd(dir);
    rs::removeSealed(rd.resumeCheckpoint());
    fs::remove_all(rd.probeDir(kTps * 6));
    dropMetricLines(rd, [](const rs::Json& j) {
        return j.value("tokens", 0) == kTps * 6 || j.value("kind", "") == "end";
    });
    const auto gaps = rs::findMarkGaps(rd, cfg.train.token_budget, true);
    EXPECT_EQ(gaps.no_val_loss, std::vector<int64_t>{kTps * 6});
    EXPECT_EQ(gaps.no_probe, std::vector<int64_t>{kTps * 6});

    const auto r = rs::Trainer(cfg, dir, quiet()).run();
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    EXPECT_TRUE(
        rs::findMarkGaps(rd, cfg.train.token_budget, true, cfg.train.checkpointMarks()).empty());
    EXPECT_EQ(valLosses(rd), valLosses(rs::RunDir(full_dir))); // bit for bit
    const auto a = rs::readProbeSummary(rd, kTps * 6),
               b = rs::readProbeSummary(rs::RunLayout(full_dir), kTps * 6);
    EXPECT_EQ(a.meanPRJson(), b.meanPRJson());
}

TEST(Hardening, DamagedCheckpointOrProbeIsRefusedNamingTheFile) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-damage");
    ASSERT_EQ(rs::Trainer(cfg, dir, quiet()).run().state, rs::RunState::Done);
    const rs::RunDir rd(dir);
    const auto ckpt = rd.checkpointPath(kTps * 6);
    rs::Transformer model(cfg.model);
    EXPECT_NO_THROW(rs::loadCheckpoint(ckpt, *model, nullptr));
    damage(ckpt);
    try {
        rs::loadCheckpoint(ckpt, *model, nullptr);
        FAIL() << "a damaged checkpoint loaded";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find(ckpt.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    }
    // Probe files too: the summary and its arrays.
    const auto summary = rd.probeSummary(kTps * 3);
    std::string text = rs::readFile(summary);
    text[text.find("0.") + 2] = text[text.find("0.") + 2] == '1' ? '2' : '1'; // one digit
    std::ofstream(summary, std::ios::trunc) << text;
    EXPECT_THROW(rs::readProbeSummary(rd, kTps * 3), rs::UserError);
    // A file written before seals existed (no .sha256) still reads.
    fs::remove(rs::sealPath(summary));
    EXPECT_NO_THROW(rs::readProbeSummary(rd, kTps * 3));
}

TEST(Hardening, FailedCommandNeverDowngradesAFinishedRun) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-done");
    ASSERT_EQ(rs::Trainer(cfg, dir, quiet(false)).run().state, rs::RunState::Done);
    const rs::RunDir rd(dir);
    const auto status = rs::readFile(rd.statusJson());
    damage(rd.checkpointPath(kTps * 12)); // the resume point of the finished run
    const auto r = rs::Trainer(cfg, dir, quiet(false)).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("damaged"), std::string::npos) << r.message;
    EXPECT_EQ(rs::readFile(rd.statusJson()), status);
}

TEST(Hardening, NoResumeIntoAnotherRunIsRefusedAndForceMovesItAside) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-other");
    ASSERT_EQ(rs::Trainer(cfg, dir, quiet(false)).run().state, rs::RunState::Done);
    const rs::RunDir rd(dir);
    const auto run_json = rs::readFile(rd.runJson());
    auto other = cfg;
    other.seed = 7;
    auto opt = quiet(false);
    opt.resume = false;
    auto r = rs::Trainer(other, dir, opt).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("--force"), std::string::npos) << r.message;
    EXPECT_EQ(rs::readFile(rd.runJson()), run_json);

    opt.replace_other = true;
    r = rs::Trainer(other, dir, opt).run();
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    ASSERT_FALSE(r.set_aside.empty());
    EXPECT_EQ(rs::readFile(r.set_aside / "run.json"), run_json); // nothing lost
    EXPECT_EQ(rd.readRunRecord().config.seed, 7u);
    EXPECT_EQ(valLosses(rd).size(), cfg.train.checkpointMarks().size()); // no mixed records
    fs::remove_all(r.set_aside);
}

TEST(Hardening, NoResumeOfTheSameRunSupersedesItsRecords) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-again");
    ASSERT_EQ(rs::Trainer(cfg, dir, quiet(false)).run().state, rs::RunState::Done);
    const auto before = valLosses(rs::RunDir(dir));
    auto opt = quiet(false);
    opt.resume = false;
    const auto r = rs::Trainer(cfg, dir, opt).run();
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    EXPECT_EQ(r.step_losses.size(), 12u);
    EXPECT_EQ(valLosses(rs::RunDir(dir)), before);
}

TEST(Hardening, TornLastLineIsEndedBeforeTheNextRecord) {
    const auto dir = rs::test::freshDir("hard-torn");
    const rs::RunDir rd(dir);
    fs::create_directories(dir);
    std::ofstream(rd.metricsJsonl()) << "{\"kind\":\"train\",\"step\":5,\"tok";
    rd.appendMetric(rs::CheckpointRecord{6, kTps * 6, 4.5, std::nullopt});
    const auto m = rd.readMetrics();
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(std::get<rs::CheckpointRecord>(m[0]).val_loss, 4.5);
}

TEST(Hardening, NonFiniteWeightsAreNeverCheckpointed) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-nan");
    auto opt = quiet(false);
    opt.fault_nan_weights_at_step = 5; // the weights of step 6, a mark, hold NaN
    const auto r = rs::Trainer(cfg, dir, opt).run();
    EXPECT_EQ(r.state, rs::RunState::Diverged);
    const rs::RunDir rd(dir);
    EXPECT_EQ(rd.checkpoints(), std::vector<int64_t>({0, kTps * 3}));
    EXPECT_NE(r.message.find("last good checkpoint is ckpt-000000001536.pt"), std::string::npos)
        << r.message;
    rs::Transformer model(cfg.model);
    rs::loadCheckpoint(rd.checkpointPath(kTps * 3), *model, nullptr);
    for (const auto& p : model->parameters()) {
        EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
    }
}

TEST(Hardening, ImpossibleConfigsAreRefusedNamingTheField) {
    const auto base = rs::loadPreset("test").toJson();
    auto refused = [&](const std::string& pointer, const rs::Json& value) -> std::string {
        auto j = base;
        j[rs::Json::json_pointer(pointer)] = value;
        try {
            auto cfg = rs::RunConfig::fromJson(j);
            cfg.validate();
            rs::checkFitsInMemory(cfg, 24.0 * (1ull << 30));
            rs::checkThreads(cfg.train.threads, 2);
        } catch (const rs::UserError& e) {
            return e.what();
        }
        return "accepted";
    };
    EXPECT_NE(refused("/model/d_model", 64.7).find("'model.d_model': must be a whole number"),
              std::string::npos);
    EXPECT_EQ(refused("/model/d_model", 64.0), "accepted"); // a whole number written as float
    EXPECT_NE(refused("/seed", -1).find("'seed': must be between 0"), std::string::npos);
    EXPECT_NE(refused("/model/d_model", 1e9).find("'model.d_model': must be in 1..65536"),
              std::string::npos);
    EXPECT_NE(refused("/model/n_layers", 9000).find("one step's activations"), std::string::npos);
    EXPECT_NE(refused("/train/token_budget", 1e18).find("lower train.token_budget"),
              std::string::npos);
    EXPECT_NE(refused("/train/threads", 100000).find("'train.threads': 100000 is more than"),
              std::string::npos);
    EXPECT_EQ(refused("/train/threads", 8), "accepted");
    // The estimate itself: the test preset is tiny, the paper preset fits a workstation.
    const auto small = rs::estimateMemory(rs::loadPreset("test"));
    EXPECT_GT(small.parameters, 1e5);
    EXPECT_LT(small.total(), 1e9);
}

TEST(Hardening, FollowerLeavesADamagedProbeOutAndSaysSo) {
    const auto cfg = smallRun();
    const auto dir = rs::test::freshDir("hard-follow");
    ASSERT_EQ(rs::Trainer(cfg, dir, quiet()).run().state, rs::RunState::Done);
    const auto summary = rs::RunLayout(dir).probeSummary(kTps * 6);
    damage(summary, 4);
    rs::RunFollower follower(dir);
    follower.poll();
    const auto& snap = follower.snapshot();
    EXPECT_EQ(snap.probeAt(kTps * 6), nullptr);
    EXPECT_NE(snap.probeAt(kTps * 3), nullptr);
    const auto problems = rs::problemsOf({&snap});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find(summary.string()), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("left out"), std::string::npos) << problems[0];
}

TEST(Hardening, RunWhoseProcessWasKilledIsNotShownRunning) {
    const auto dir = rs::test::freshDir("hard-killed");
    ASSERT_EQ(rs::Trainer(smallRun(), dir, quiet(false)).run().state, rs::RunState::Done);
    const rs::RunDir rd(dir);
    auto status = *rd.readStatus();
    status.state = rs::RunState::Running; // as a SIGKILLed session leaves it
    rs::writeFileAtomic(rd.statusJson(), status.toJson().dump(2));
    char host[256] = "?";
    ::gethostname(host, sizeof host - 1);
    auto holdBy = [&](pid_t pid) {
        std::ofstream(dir / ".run.lock", std::ios::trunc)
            << "process " << pid << " on " << host << " (train, since 2026-11-30T00:00:00Z)\n";
    };
    holdBy(::getpid()); // alive: it trains
    rs::RunFollower alive(dir);
    alive.poll();
    EXPECT_EQ(alive.snapshot().status.state, rs::RunState::Running);

    const pid_t child = ::fork(); // a pid that existed and is gone
    if (child == 0) {
        ::_exit(0);
    }
    ::waitpid(child, nullptr, 0);
    holdBy(child);
    EXPECT_TRUE(alive.poll()); // the same follower notices without a new status.json
    EXPECT_EQ(alive.snapshot().status.state, rs::RunState::Cancelled);
    EXPECT_NE(alive.snapshot().status.last_error.find("give the same command again"),
              std::string::npos);
    EXPECT_EQ(rd.readStatus()->state, rs::RunState::Running); // the file is the run's own
}
