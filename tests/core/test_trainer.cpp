#include "core/config/run_config.h"
#include "core/data/synthetic_corpus.h"
#include "core/data/token_source.h"
#include "core/spectral/probe.h"
#include "core/store/run_dir.h"
#include "core/model/transformer.h"
#include "core/train/checkpoint_io.h"
#include "core/train/trainer.h"
#include "core/util/system_info.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

rs::RunConfig testRun(rs::Precision precision = rs::Precision::Fp32) {
    auto cfg = rs::loadPreset("test");
    cfg.cell = "A1";
    cfg.train.precision = precision;
    cfg.train.threads = 2;
    return cfg;
}

rs::TrainOptions quiet() {
    rs::TrainOptions o;
    o.console_log = false;
    return o;
}

} // namespace

TEST(Trainer, TrainsWritesTheScheduleAndLearns) {
    auto cfg = testRun();
    auto dir = rs::test::freshDir("train");
    auto r = rs::Trainer(cfg, dir, quiet()).run();
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    rs::RunDir rd(dir);
    EXPECT_EQ(rd.checkpoints(), cfg.train.checkpointMarks());
    auto status = rd.readStatus();
    ASSERT_TRUE(status);
    EXPECT_EQ(status->state, rs::RunState::Done);
    EXPECT_EQ(status->tokens_done, cfg.train.totalSteps() * cfg.train.tokensPerStep());
    std::vector<double> val;
    int train_records = 0;
    for (const auto& m : rd.readMetrics()) {
        if (const auto* c = std::get_if<rs::CheckpointRecord>(&m)) {
            val.push_back(c->val_loss);
        }
        train_records += std::holds_alternative<rs::TrainRecord>(m) ? 1 : 0;
    }
    ASSERT_EQ(val.size(), cfg.train.checkpointMarks().size());
    EXPECT_EQ(train_records, cfg.train.totalSteps() / cfg.train.log_every);
    // Random init reads ~log(512) = 6.24; the synthetic language is learnable.
    EXPECT_NEAR(val.front(), std::log(512.0), 0.3);
    EXPECT_LT(val.back(), val.front() - 0.5);
    const auto run = rd.readRunRecord();
    EXPECT_EQ(run.runtime["threads"], 2);
    EXPECT_EQ(run.config.seed, 0u);
    EXPECT_EQ(run.config.toJson(), cfg.toJson());
    EXPECT_FALSE(run.libtorch_version.empty());
    EXPECT_EQ(rs::RunRecord::fromJson(run.toJson()).toJson(), run.toJson()); // round trip
    EXPECT_TRUE(fs::exists(rd.logFile()));
    // A probe at every mark, token 0 included, with all layers, heads, taps, Q and K.
    int probes = 0;
    for (const auto& m : rd.readMetrics()) {
        probes += std::holds_alternative<rs::ProbeRecord>(m) ? 1 : 0;
    }
    EXPECT_EQ(probes, int(cfg.train.checkpointMarks().size()));
    for (auto mark : cfg.train.checkpointMarks()) {
        auto dir = rd.probeDir(mark);
        ASSERT_TRUE(fs::exists(dir / "summary.json")) << mark;
        for (const char* f :
             {"sigma_q_pre.npy", "sigma_q_normed.npy", "sigma_q_rope.npy", "sigma_k_pre.npy",
              "sigma_k_normed.npy", "sigma_k_rope.npy", "sigma_wq.npy", "sigma_wk.npy",
              "gamma_q.npy", "gamma_k.npy", "contribution_k.npy"}) {
            EXPECT_TRUE(fs::exists(dir / f)) << mark << " " << f;
        }
    }
    EXPECT_GT(r.probe_seconds, 0.0);

    // Killed after ckpt-N.pt but before its probe: resuming probes mark N from the checkpoint,
    // also for a run that had finished, and gives the same values.
    const auto mark = cfg.train.checkpointMarks()[2];
    const auto pdir = rd.probeDir(mark);
    const auto before = rs::Json::parse(std::ifstream(pdir / "summary.json"))["mean_pr"];
    fs::remove_all(pdir);
    auto again = rs::Trainer(cfg, dir, quiet()).run();
    EXPECT_EQ(again.state, rs::RunState::Done) << again.message;
    ASSERT_TRUE(fs::exists(pdir / "summary.json"));
    const auto after = rs::Json::parse(std::ifstream(pdir / "summary.json"))["mean_pr"];
    EXPECT_NEAR(after["k"]["normed"].get<double>(), before["k"]["normed"].get<double>(), 1e-9);
    EXPECT_EQ(rd.readStatus()->state, rs::RunState::Done);
}

TEST(Trainer, SameSeedSameLossCurve) {
    auto cfg = testRun();
    cfg.train.token_budget = 8 * 64 * 12;
    auto a = rs::Trainer(cfg, rs::test::freshDir("det-a"), quiet()).run();
    auto b = rs::Trainer(cfg, rs::test::freshDir("det-b"), quiet()).run();
    ASSERT_EQ(a.state, rs::RunState::Done) << a.message;
    ASSERT_EQ(a.step_losses.size(), 12u);
    EXPECT_EQ(a.step_losses, b.step_losses);
    cfg.seed = 1;
    auto c = rs::Trainer(cfg, rs::test::freshDir("det-c"), quiet()).run();
    EXPECT_NE(a.step_losses, c.step_losses);
}

TEST(Trainer, ResumedRunReproducesTheUninterruptedOne) {
    auto cfg = testRun();
    cfg.train.token_budget = 8 * 64 * 20;
    cfg.train.checkpoint_tokens = {8 * 64 * 6};
    auto full = rs::Trainer(cfg, rs::test::freshDir("resume-full"), quiet()).run();
    ASSERT_EQ(full.state, rs::RunState::Done) << full.message;

    // Cancelled at step 9: a resume point is saved there.
    auto dir = rs::test::freshDir("resume-cut");
    auto opt = quiet();
    opt.stop_after_steps = 9;
    auto first = rs::Trainer(cfg, dir, opt).run();
    ASSERT_EQ(first.state, rs::RunState::Cancelled) << first.message;
    auto second = rs::Trainer(cfg, dir, quiet()).run();
    ASSERT_EQ(second.state, rs::RunState::Done) << second.message;
    auto joined = first.step_losses;
    joined.insert(joined.end(), second.step_losses.begin(), second.step_losses.end());
    EXPECT_EQ(joined, full.step_losses);

    // Marks hold the weights only; the final mark and the resume point the optimizer state too.
    const rs::RunDir rd(dir);
    const auto marks = rd.checkpoints();
    ASSERT_EQ(marks.size(), 3u); // 0, step 6, the end
    EXPECT_FALSE(rs::readCheckpointMeta(rd.checkpointPath(marks[1])).has_optimizer);
    EXPECT_TRUE(rs::readCheckpointMeta(rd.checkpointPath(marks.back())).has_optimizer);

    // Killed and the resume point lost: with weights-only marks training starts over, and says
    // that the earlier records are superseded; with train.keep_optimizer_state it restarts
    // from the last mark, step 6.
    for (const bool keep : {false, true}) {
        cfg.train.keep_optimizer_state = keep;
        auto killed = rs::test::freshDir(keep ? "resume-kill-keep" : "resume-kill");
        opt.stop_after_steps = 9;
        rs::Trainer(cfg, killed, opt).run();
        fs::remove(killed / "checkpoints" / "resume.pt");
        auto after = rs::Trainer(cfg, killed, quiet()).run();
        ASSERT_EQ(after.state, rs::RunState::Done) << after.message;
        const int64_t from = keep ? 6 : 0;
        std::vector<double> tail(full.step_losses.begin() + from, full.step_losses.end());
        EXPECT_EQ(after.step_losses, tail) << "keep_optimizer_state " << keep;
        // The reader is told which records the restart supersedes.
        auto metrics = rs::RunDir(killed).readMetrics();
        auto resume = std::find_if(metrics.begin(), metrics.end(), [](const rs::MetricRecord& m) {
            return std::holds_alternative<rs::ResumeRecord>(m);
        });
        ASSERT_NE(resume, metrics.end());
        EXPECT_EQ(std::get<rs::ResumeRecord>(*resume).step, from);
    }
}

TEST(Trainer, DivergenceStopsWithStatusAndKeepsCheckpoints) {
    auto cfg = testRun();
    auto dir = rs::test::freshDir("diverge");
    auto opt = quiet();
    opt.fault_nan_at_step = 30;
    auto r = rs::Trainer(cfg, dir, opt).run();
    EXPECT_EQ(r.state, rs::RunState::Diverged);
    EXPECT_NE(r.message.find("NaN at step 30"), std::string::npos) << r.message;
    rs::RunDir rd(dir);
    EXPECT_EQ(rd.readStatus()->state, rs::RunState::Diverged);
    EXPECT_FALSE(rd.checkpoints().empty());
    const auto m = rd.readMetrics();
    ASSERT_GE(m.size(), 2u);
    EXPECT_STREQ(rs::kindOf(m[m.size() - 2]), "diverged");
    const auto* end = std::get_if<rs::EndRecord>(&m.back()); // the session's wall time and state
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->state, "diverged");
    EXPECT_GT(end->wall_s, 0.0);
}

TEST(Trainer, BudgetLargerThanDataFailsBeforeTrainingWithBothNumbers) {
    auto dir = rs::test::freshDir("budget");
    fs::create_directories(dir);
    auto tokens = rs::generateSynthetic({rs::DataVariant::Standard, 512, 1}, 5000, 1);
    rs::TokenFile::write(dir / "train.tok", tokens, 512);
    rs::TokenFile::write(dir / "val.tok", tokens, 512);
    auto cfg = testRun();
    cfg.data.source = rs::DataSource::Tokens;
    cfg.data.train_path = (dir / "train.tok").string();
    cfg.data.val_path = (dir / "val.tok").string();
    auto r = rs::Trainer(cfg, dir / "run", quiet()).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("token budget 40960"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("holds 5000 tokens"), std::string::npos) << r.message;
    EXPECT_TRUE(r.step_losses.empty());
}

TEST(Trainer, MissingDataAndBadConfigAreNamed) {
    auto cfg = testRun();
    cfg.data.source = rs::DataSource::Tokens;
    cfg.data.train_path = "/nonexistent/train.tok";
    cfg.data.val_path = "/nonexistent/val.tok";
    auto r = rs::Trainer(cfg, rs::test::freshDir("missing"), quiet()).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("/nonexistent/train.tok"), std::string::npos) << r.message;

    cfg = testRun();
    cfg.train.seq_len = 4096;
    cfg.train.val_tokens = 8192;
    r = rs::Trainer(cfg, rs::test::freshDir("badcfg"), quiet()).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("max_seq_len"), std::string::npos) << r.message;
}

TEST(Trainer, Bf16AutocastStaysCloseToFp32) {
    // Autocast changes only the matrix products; over the test preset's 80 steps the final
    // validation loss agrees with fp32 to within 0.05 nats (measured: ~0.01).
    auto fp32 =
        rs::Trainer(testRun(rs::Precision::Fp32), rs::test::freshDir("prec-fp32"), quiet()).run();
    auto bf16 =
        rs::Trainer(testRun(rs::Precision::Bf16), rs::test::freshDir("prec-bf16"), quiet()).run();
    ASSERT_EQ(fp32.state, rs::RunState::Done) << fp32.message;
    ASSERT_EQ(bf16.state, rs::RunState::Done) << bf16.message;
    EXPECT_TRUE(bf16.runtime.bf16_autocast);
    EXPECT_FALSE(fp32.runtime.bf16_autocast);
    EXPECT_NEAR(bf16.final_val_loss, fp32.final_val_loss, 0.05);
}

TEST(Trainer, WithoutQkNormTrainsStablyAtThePresetRates) {
    for (uint64_t seed : {0, 1, 2}) {
        auto cfg = testRun();
        cfg.model.qk_norm = false;
        cfg.seed = seed;
        auto r = rs::Trainer(cfg, rs::test::freshDir("noqk"), quiet()).run();
        EXPECT_EQ(r.state, rs::RunState::Done) << "seed " << seed << ": " << r.message;
    }
}

TEST(Trainer, AnotherRunsDirectoryIsReportedAndLeftAlone) {
    auto cfg = rs::loadPreset("test");
    cfg.train.threads = 2;
    const auto dir = rs::test::freshDir("trainer-foreign");
    rs::TrainOptions o;
    o.console_log = false;
    o.probe = false;
    ASSERT_EQ(rs::Trainer(cfg, dir, o).run().state, rs::RunState::Done);
    auto other = cfg;
    other.train.muon.lr *= 2;
    const auto r = rs::Trainer(other, dir, o).run();
    EXPECT_EQ(r.state, rs::RunState::Failed);
    EXPECT_NE(r.message.find("train/muon/lr"), std::string::npos) << r.message;
    // The finished run's status is untouched.
    EXPECT_EQ(rs::RunDir(dir).readStatus()->state, rs::RunState::Done);
}

// The reference's precision: the model itself in bf16. Every stored weight is then a bf16
// value (an fp32 master run's are not), the run records it, and a checkpoint opened for
// measuring loads back in fp32 like any other.
TEST(Trainer, Bf16WeightsKeepsTheModelInBf16) {
    auto dir = rs::test::freshDir("prec-bf16w");
    auto r = rs::Trainer(testRun(rs::Precision::Bf16Weights), dir, quiet()).run();
    ASSERT_EQ(r.state, rs::RunState::Done) << r.message;
    EXPECT_TRUE(r.runtime.bf16_weights);
    EXPECT_FALSE(r.runtime.bf16_autocast);
    EXPECT_TRUE(std::isfinite(r.final_val_loss));
    EXPECT_EQ(rs::RunDir(dir).readRunRecord().runtime["precision"], "bf16-weights");
    auto fp32dir = rs::test::freshDir("prec-fp32w");
    ASSERT_EQ(rs::Trainer(testRun(rs::Precision::Fp32), fp32dir, quiet()).run().state,
              rs::RunState::Done);
    auto bf16Exact = [](const fs::path& run) {
        const auto cfg = rs::RunDir(run).readRunRecord().config;
        rs::Transformer m(cfg.model);
        rs::loadCheckpoint(rs::RunDir(run).checkpointPath(cfg.train.token_budget), *m, nullptr);
        bool exact = true;
        for (const auto& p : m->parameters()) {
            EXPECT_EQ(p.scalar_type(), torch::kFloat);
            EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
            exact = exact && torch::equal(p, p.to(torch::kBFloat16).to(torch::kFloat));
        }
        return exact;
    };
    EXPECT_TRUE(bf16Exact(dir));
    EXPECT_FALSE(bf16Exact(fp32dir));
}
