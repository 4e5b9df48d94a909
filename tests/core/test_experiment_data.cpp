#include "core/config/run_config.h"
#include "core/data/bpe_tokenizer.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/data/text_cleaning.h"
#include "core/data/token_source.h"
#include "core/model/transformer.h"
#include "core/store/probe_record.h"
#include "core/train/run_data.h"
#include "core/train/trainer.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace {

// Own-data fixture: simple narrative files and complex technical ones, generated here so the
// test needs no download.
fs::path makeOwnCorpus(const std::string& name = "rankscope-test-own", int first = 0,
                       int count = 400) {
    auto dir = fs::temp_directory_path() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const char* simple[] = {"The cat sat on the mat and the dog ran to the tree.",
                            "We went home and had a good meal with our friends.",
                            "The sun was warm and the day was long and happy.",
                            "She gave the boy a red ball and he ran out to play."};
    const char* complex[] = {
        "Asynchronous replication necessitates configurable consistency guarantees, "
        "particularly regarding transactional durability under concurrent modification.",
        "Heterogeneous virtualization infrastructure exacerbates nondeterministic "
        "scheduling latency, complicating reproducibility of performance characterization.",
        "Cryptographic authentication mechanisms incorporate asymmetric primitives whose "
        "computational intractability underpins confidentiality assumptions."};
    for (int d = first; d < first + count; ++d) {
        std::string text;
        for (int para = 0; para < 6; ++para) {
            for (int s = 0; s < 12; ++s) {
                text += std::string(d % 2 ? complex[(s + d) % 3] : simple[(s + d) % 4]) + " ";
            }
            text += "Paragraph " + std::to_string(d * 10 + para) + " ends here.\n\n";
        }
        rs::writeFileAtomic(dir / ("doc" + std::to_string(d) + ".txt"), text);
    }
    return dir;
}

fs::path familiarList() {
    auto path = fs::temp_directory_path() / "rankscope-test-dale-chall.js";
    rs::writeFileAtomic(path, "export const daleChall = ['the','cat','sat','on','mat','and',"
                              "'dog','ran','to','tree','we','went','home','had','a','good',"
                              "'meal','with','our','friends','sun','was','warm','day','long',"
                              "'happy','she','gave','boy','red','ball','he','out','play',"
                              "'paragraph','ends','here']\n");
    return path;
}

rs::PrepareOptions options(const fs::path& out) {
    rs::PrepareOptions o;
    o.out_dir = out;
    o.cache_dir = fs::temp_directory_path() / "rankscope-test-cache";
    // Two sources of equal make-up: every variant must draw from both alike.
    o.own = {makeOwnCorpus("rankscope-test-own", 0, 200),
             makeOwnCorpus("rankscope-test-own-b", 200, 200)};
    o.vocab_size = 512;
    o.eval_tokens = 200;
    o.eval_seq_len = 50;
    o.familiar_list = familiarList();
    return o;
}

} // namespace

namespace {

rs::TrainOptions quietOptions() {
    rs::TrainOptions o;
    o.console_log = false;
    return o;
}

} // namespace

TEST(ExperimentData, UnitsQuantilesAndSplitsAreAsSpecified) {
    rs::Document d{"s", "prose", "id", {}};
    std::string para;
    for (int i = 0; i < 40; ++i) {
        para += "This sentence has exactly seven words now. ";
    }
    d.paragraphs = {para};
    auto units = rs::cutUnits(d); // 280 words -> 105 + 105 + 70 (tail kept: >= 50)
    ASSERT_EQ(units.size(), 3u) << ::testing::PrintToString(units);
    EXPECT_EQ(rs::countWords(units[0]), 105u);
    EXPECT_EQ(rs::quantile({1, 2, 3, 4}, 0.5), 2.5);
    EXPECT_EQ(rs::quantile({5, 1, 3}, 0.0), 1.0);
    int counts[4] = {0, 0, 0, 0};
    for (int i = 0; i < 5000; ++i) {
        auto s = rs::documentSplit({"src", "g", "doc" + std::to_string(i), {}}, 7);
        counts[s == "train" ? 0 : s == "val" ? 1 : s == "test" ? 2 : 3]++;
    }
    EXPECT_NEAR(counts[0] / 5000.0, 0.90, 0.02);
    EXPECT_NEAR(counts[3] / 5000.0, 0.02, 0.01);
}

TEST(ExperimentData, PreparesOwnDataEndToEndAndTrainsOnIt) {
    auto out = fs::temp_directory_path() / "rankscope-test-prepared";
    fs::remove_all(out);
    auto manifest = rs::prepareExperimentData(options(out));
    ASSERT_TRUE(manifest["complete"].get<bool>());
    const auto& st = manifest["stats"];
    // The simple tercile really is simpler: fewer unfamiliar words, lower grade.
    EXPECT_LT(st["simple"]["unfamiliar_pct"].get<double>(),
              st["complex"]["unfamiliar_pct"].get<double>() - 20.0);
    EXPECT_LT(st["simple"]["fk_grade"].get<double>(), st["complex"]["fk_grade"].get<double>());
    // Equal token counts for the three main corpora.
    EXPECT_EQ(manifest["splits"]["simple"]["train"]["tokens"],
              manifest["splits"]["complex"]["train"]["tokens"]);
    EXPECT_EQ(manifest["splits"]["simple"]["train"]["tokens"],
              manifest["splits"]["standard"]["train"]["tokens"]);
    // Equalising samples whole units across sources: the second source is not cut away. The
    // training split is large enough for shares to be tight; the small held-out splits (a few
    // documents per source) must hold both sources.
    for (const char* variant : {"standard", "simple", "complex"}) {
        for (const char* split : {"train", "val", "test"}) {
            const auto& sp = manifest["splits"][variant][split];
            std::map<std::string, double> share;
            for (const auto& r : sp["source_ranges"]) {
                share[r["source"].get<std::string>()] +=
                    double(r["end"].get<int64_t>() - r["begin"].get<int64_t>()) /
                    sp["tokens"].get<double>();
            }
            ASSERT_EQ(share.size(), 2u) << variant << "/" << split;
            if (std::string(split) != "train") {
                continue;
            }
            for (const auto& [source, f] : share) {
                EXPECT_GT(f, 0.35) << variant << "/" << split << " " << source;
                EXPECT_LT(f, 0.65) << variant << "/" << split << " " << source;
            }
        }
    }
    EXPECT_EQ(manifest["eval_batch"]["tokens_by_source"].size(), 2u)
        << manifest["eval_batch"].dump();
    rs::TokenFile eval(out / "eval_batch.tok");
    EXPECT_EQ(eval.size(), 200);
    EXPECT_EQ(manifest["eval_batch"]["sequences"], 4);
    EXPECT_EQ(manifest["eval_batch"]["sha256"].get<std::string>().size(), 64u);
    // A second call with the same options reuses everything.
    auto again = rs::prepareExperimentData(options(out));
    EXPECT_EQ(again["eval_batch"]["sha256"], manifest["eval_batch"]["sha256"]);

    // Tokenizer and LibTorch in one process: decode what we trained on and run the model.
    auto tok = rs::BpeTokenizer::load(out / "tokenizer.json");
    rs::TokenFile train(out / "simple" / "train.tok");
    std::vector<uint16_t> head(train.data(), train.data() + 40);
    EXPECT_NE(tok.decode(head).find("the"), std::string::npos);
    auto cfg = rs::loadPreset("test");
    cfg.train.precision = rs::Precision::Fp32;
    cfg.train.token_budget = 8 * 64 * 10;
    cfg.train.val_tokens = 512;
    cfg.data.source = rs::DataSource::Prepared;
    cfg.data.dir = out.string();
    cfg.data.variant = rs::DataVariant::Simple;
    cfg.data.sample_fraction = 0.5;
    auto r = rs::Trainer(cfg, out / "run", quietOptions()).run();
    EXPECT_EQ(r.state, rs::RunState::Done) << r.message;
    const auto data = rs::RunDir(out / "run").readRunRecord().data;
    EXPECT_EQ(data["eval_batch_sha256"], manifest["eval_batch"]["sha256"]);
    // Its own sample of whole training documents, drawn by its seed, and its own batch.
    const auto& split = manifest["splits"]["simple"]["train"];
    ASSERT_TRUE(data.contains("sample")) << data.dump();
    EXPECT_LT(data["sample"]["documents"].get<int64_t>(), split["documents"].get<int64_t>());
    EXPECT_GE(data["sample"]["tokens"].get<double>(), 0.5 * split["tokens"].get<double>());
    EXPECT_EQ(data["sample"]["tokens_by_source"].size(), 2u) << data.dump();
    EXPECT_EQ(data["train_tokens_by_source"].size(), 2u) << data.dump();
    EXPECT_EQ(data["eval_own_sha256"], manifest["splits"]["simple"]["eval_own"]["sha256"]);
    const auto probe = rs::readProbeSummary(rs::RunDir(out / "run"), cfg.train.token_budget);
    EXPECT_FALSE(probe.own_reps.empty());
    EXPECT_EQ(probe.own_eval_tokens, 200);
    auto other = cfg;
    other.seed = 1;
    EXPECT_NE(rs::openData(other).describe["sample"]["fnv1a64"], data["sample"]["fnv1a64"]);
    EXPECT_EQ(rs::openData(cfg).describe["sample"]["fnv1a64"], data["sample"]["fnv1a64"]);
    // The standard mix has no batch of its own: the shared batch already samples it.
    auto standard = cfg;
    standard.data.variant = rs::DataVariant::Standard;
    EXPECT_FALSE(rs::ownEvaluationBatch(standard).defined());
    // A folder without its document index (prepared before samples existed) names it.
    fs::rename(out / "simple" / "train.docs.json", out / "simple" / "train.docs.json.bak");
    try {
        rs::openData(cfg);
        ADD_FAILURE() << "a missing document index must be refused";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("train.docs.json"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("data prepare"), std::string::npos) << e.what();
    }
    fs::rename(out / "simple" / "train.docs.json.bak", out / "simple" / "train.docs.json");
    // The validation and test windows are spread over the split: both sources are read.
    EXPECT_EQ(data["val_tokens_by_source"].size(), 2u) << data.dump();
    EXPECT_EQ(data["test_tokens_by_source"].size(), 2u) << data.dump();

    // A corrupted shard is caught by its checksum before training.
    {
        std::fstream io(out / "simple" / "train.tok",
                        std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(100);
        io.put(char(0x7f));
    }
    auto bad = rs::Trainer(cfg, out / "run2", quietOptions()).run();
    EXPECT_EQ(bad.state, rs::RunState::Failed);
    EXPECT_NE(bad.message.find("checksum"), std::string::npos) << bad.message;
}

TEST(ExperimentData, FailingSourcesAreSkippedAndRecorded) {
    // A cached source whose tree lacks the expected folder: skipped with its reason, and the
    // preparation goes on with the rest (here the own text).
    auto o = options(fs::temp_directory_path() / "rankscope-test-skip");
    fs::remove_all(o.out_dir);
    fs::remove_all(o.cache_dir);
    fs::create_directories(o.cache_dir / "sources" / "web-bible");
    rs::writeFileAtomic(o.cache_dir / "sources" / "web-bible" / ".fetched", "426.0-1\n");
    o.sources = {"web-bible"};
    auto m = rs::prepareExperimentData(o);
    ASSERT_EQ(m["sources"].size(), 3u); // web-bible and the two own corpora
    EXPECT_EQ(m["sources"][0]["name"], "web-bible");
    EXPECT_EQ(m["sources"][0]["status"], "skipped");
    EXPECT_NE(m["sources"][0]["error"].get<std::string>().find("layout changed"),
              std::string::npos);
    EXPECT_EQ(m["sources"][1]["status"], "ok");
    EXPECT_EQ(m["sources"][2]["status"], "ok");
}

TEST(ExperimentData, WithoutTheFamiliarWordListTercilesUseTheGradeLevel) {
    auto o = options(fs::temp_directory_path() / "rankscope-test-nolist");
    fs::remove_all(o.out_dir);
    o.familiar_list = "/nonexistent/dale-chall.js";
    auto m = rs::prepareExperimentData(o);
    EXPECT_EQ(m["complexity_score"], "fk_grade");
    EXPECT_NE(m["complexity_fallback_reason"].get<std::string>().find("/nonexistent"),
              std::string::npos);
    EXPECT_TRUE(m["stats"]["simple"]["unfamiliar_pct"].is_null());
    EXPECT_LT(m["stats"]["simple"]["fk_grade"].get<double>(),
              m["stats"]["complex"]["fk_grade"].get<double>());
}

TEST(ExperimentData, UnreachablePackageNamesTheSourceAndTheAlternative) {
    // apt-get answers from its local lists for an unknown package: no download happens.
    rs::SourceSpec bogus{"bogus", "deb", "rankscope-no-such-package-xyz", "prose", "html", "x"};
    auto cache = fs::temp_directory_path() / "rankscope-test-bogus";
    fs::remove_all(cache);
    try {
        rs::fetchSource(bogus, cache);
        FAIL();
    } catch (const rs::UserError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("cannot fetch source 'bogus'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--own"), std::string::npos) << msg;
    }
}

TEST(ExperimentData, MissingOwnDataAndUnknownSourcesAreNamed) {
    auto o = options(fs::temp_directory_path() / "rankscope-test-missing");
    o.own = {"/nonexistent/corpus"};
    try {
        rs::prepareExperimentData(o);
        FAIL();
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/corpus"), std::string::npos);
    }
    o.sources = {"wikipedia"};
    EXPECT_THROW(rs::prepareExperimentData(o), rs::UserError);
}
