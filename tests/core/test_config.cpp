#include "core/config/run_config.h"
#include "core/model/transformer.h"
#include "core/util/error.h"

#include <gtest/gtest.h>
#include <functional>
#include <torch/torch.h>

namespace {

template <typename Config> std::string validationMessage(const Config& c) {
    try {
        c.validate();
    } catch (const rs::ConfigError& e) {
        return e.what();
    }
    return "";
}

// The message of the ConfigError that `read` throws; "" when it throws none.
std::string readMessage(const std::function<void()>& read) {
    try {
        read();
    } catch (const rs::ConfigError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(ModelConfig, PaperPresetHasTheReferenceParameterCount) {
    auto cfg = rs::loadPreset("paper").model;
    // 22 blocks x (786,432 attention + 2,097,152 FFN + 1,024 norms + 128 shared gammas)
    EXPECT_EQ(cfg.blockParameterCount() * cfg.n_layers, 63'464'192);
    EXPECT_EQ(cfg.vocab_size * cfg.d_model, 25'165'824);
    EXPECT_NEAR(double(cfg.parameterCount()), 88.6e6, 0.2e6);
    // The reference's shape: 2048-token sequences, batch 4 (8,192 tokens per step).
    const auto train = rs::loadPreset("paper").train;
    EXPECT_EQ(train.seq_len, 2048);
    EXPECT_EQ(train.batch_size, 4);
    EXPECT_EQ(cfg.max_seq_len, 2048);
    // The built module must agree: a tie done by assignment would count the embedding twice.
    rs::Transformer model(cfg);
    EXPECT_EQ(model->parameterCount(), cfg.parameterCount());
    // One gain per head: 768 gammas per block.
    cfg.qk_norm_gamma = rs::GammaLayout::PerHead;
    EXPECT_EQ(cfg.blockParameterCount() * cfg.n_layers, 63'478'272);
    rs::Transformer per_head(cfg);
    EXPECT_EQ(per_head->parameterCount(), cfg.parameterCount());
}

TEST(ModelConfig, ValidationNamesTheFieldAndTheFix) {
    rs::ModelConfig c;
    c.d_model = 500; // 500 / 8 heads
    auto msg = validationMessage(c);
    EXPECT_NE(msg.find("model.d_model"), std::string::npos) << msg;
    EXPECT_NE(msg.find("divisible by n_heads"), std::string::npos) << msg;

    c = rs::ModelConfig{};
    c.n_kv_heads = 3;
    msg = validationMessage(c);
    EXPECT_NE(msg.find("model.n_heads"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_kv_heads"), std::string::npos) << msg;

    c = rs::ModelConfig{};
    c.d_model = 24;
    c.n_heads = 8; // head dim 3: odd
    c.n_kv_heads = 4;
    msg = validationMessage(c);
    EXPECT_NE(msg.find("even for rotary"), std::string::npos) << msg;

    c = rs::ModelConfig{};
    c.vocab_size = 0;
    msg = validationMessage(c);
    EXPECT_NE(msg.find("model.vocab_size"), std::string::npos) << msg;

    // A choice is named from its table: an unknown name is refused as the file is read, the
    // message naming the field and every valid name.
    auto model = rs::ModelConfig{}.toJson();
    model["qk_norm_gamma"] = "per_layer";
    msg = readMessage([&] { rs::ModelConfig::fromJson(model); });
    EXPECT_NE(msg.find("model.qk_norm_gamma"), std::string::npos) << msg;
    EXPECT_NE(msg.find("\"shared\" or \"per_head\""), std::string::npos) << msg;

    auto train = rs::TrainConfig{}.toJson();
    train["muon"]["grouping"] = "qkv";
    msg = readMessage([&] { rs::TrainConfig::fromJson(train); });
    EXPECT_NE(msg.find("train.muon.grouping"), std::string::npos) << msg;
    EXPECT_NE(msg.find("\"fused_qkvo\" or \"separate\""), std::string::npos) << msg;

    model = rs::ModelConfig{}.toJson();
    model["ffn_type"] = "gelu";
    msg = readMessage([&] { rs::ModelConfig::fromJson(model); });
    EXPECT_NE(msg.find("relu2"), std::string::npos) << msg;

    for (const char* field : {"optimizer", "precision", "device", "lr_schedule"}) {
        train = rs::TrainConfig{}.toJson();
        train[field] = "sgd";
        msg = readMessage([&] { rs::TrainConfig::fromJson(train); });
        EXPECT_NE(msg.find(std::string("train.") + field), std::string::npos) << msg;
        EXPECT_NE(msg.find("is \"sgd\"; must be \""), std::string::npos) << msg;
    }
}

TEST(Config, EveryChoiceRoundTripsThroughItsTable) {
    EXPECT_EQ(rs::key(rs::Optimizer::AdamW), std::string("adamw"));
    EXPECT_EQ(rs::parseChoice<rs::Optimizer>("muon_adamw", "f"), rs::Optimizer::MuonAdamW);
    EXPECT_TRUE(rs::hasFlag(rs::Optimizer::MuonAdamW, rs::kUsesMuon));
    EXPECT_FALSE(rs::hasFlag(rs::Optimizer::AdamW, rs::kUsesMuon));
    EXPECT_EQ(rs::referenceChoice<rs::MuonGrouping>(), rs::MuonGrouping::FusedQkvo);
    EXPECT_EQ(rs::choiceKeys<rs::Device>(), (std::vector<std::string>{"auto", "cpu", "cuda"}));
    EXPECT_EQ(rs::quotedChoices({"a", "b", "c"}), "\"a\", \"b\" or \"c\"");
    for (const auto& row : rs::kDataVariants) {
        EXPECT_EQ(rs::parseChoice<rs::DataVariant>(row.key, "f"), row.value);
        EXPECT_EQ(rs::hasFlag(row.value, rs::kPreparedOnly),
                  std::string(row.key).find('-') != std::string::npos)
            << row.key;
    }
    // A control variant trains only from prepared corpora.
    auto cfg = rs::loadPreset("test");
    cfg.data.variant = rs::DataVariant::ProseSimple;
    EXPECT_NE(validationMessage(cfg).find("data.variant"), std::string::npos);
    cfg.data.source = rs::DataSource::Prepared;
    cfg.data.dir = "/data";
    EXPECT_EQ(validationMessage(cfg), "");
}

TEST(ModelConfig, UnknownJsonKeysAreErrors) {
    const rs::ModelConfig model_defaults;
    auto j = model_defaults.toJson();
    j["d_modle"] = 128;
    try {
        rs::ModelConfig::fromJson(j);
        FAIL() << "unknown key accepted";
    } catch (const rs::ConfigError& e) {
        EXPECT_EQ(e.field(), "model.d_modle");
    }
    const rs::TrainConfig defaults;
    auto t = defaults.toJson();
    t["muon"]["lr_typo"] = 0.1;
    EXPECT_THROW(rs::TrainConfig::fromJson(t), rs::ConfigError);
    auto wrong_type = model_defaults.toJson();
    wrong_type["n_layers"] = "four";
    EXPECT_THROW(rs::ModelConfig::fromJson(wrong_type), rs::ConfigError);
}

TEST(Config, RunConfigRoundTripsThroughJson) {
    auto cfg = rs::loadPreset("quick");
    cfg.cell = "B2";
    cfg.seed = 7;
    cfg.model.qk_norm = false;
    cfg.train.optimizer = rs::Optimizer::AdamW;
    cfg.train.muon.coefficients = rs::Orthogonalization::Quintic;
    cfg.train.checkpoint_tokens = {0, 4096};
    cfg.data.source = rs::DataSource::Tokens;
    auto back = rs::RunConfig::fromJson(cfg.toJson());
    EXPECT_EQ(back.toJson(), cfg.toJson());
    EXPECT_EQ(back.data.source, rs::DataSource::Tokens);
    EXPECT_EQ(cfg.toJson()["data"]["source"], "tokens"); // run.json keeps the name
    auto j = cfg.toJson();
    j["data"]["source"] = "parquet";
    try {
        rs::RunConfig::fromJson(j);
        ADD_FAILURE() << "an unknown data source must be refused";
    } catch (const rs::ConfigError& e) {
        EXPECT_EQ(e.field(), "data.source");
        EXPECT_NE(std::string(e.what()).find("\"parquet\""), std::string::npos) << e.what();
    }
}

TEST(Config, PresetsValidateAndKeepTheStudyRatios) {
    const double paper_ratio = 25e6 / double(rs::loadPreset("paper").model.parameterCount());
    for (const auto& name : rs::presetNames()) {
        auto cfg = rs::loadPreset(name);
        EXPECT_NO_THROW(cfg.validate()) << name;
        EXPECT_GE(cfg.model.headDim(), 32) << name << ": rank needs room to fall";
        const double ratio = double(cfg.train.token_budget) / double(cfg.model.parameterCount());
        EXPECT_GE(ratio, paper_ratio * 0.99) << name << ": data starvation would mimic collapse";
    }
}

TEST(Config, ReferenceCheckpointScheduleAndScaling) {
    rs::TrainConfig t;
    t.batch_size = 1;
    t.seq_len = 2;
    t.token_budget = 25'000'000;
    EXPECT_EQ(t.checkpointMarks(),
              (std::vector<int64_t>{0, 500'000, 1'000'000, 2'000'000, 4'000'000, 8'000'000,
                                    12'000'000, 16'000'000, 20'000'000, 25'000'000}));
    t.token_budget = 2'500'000; // scaled by 1/10
    auto m = t.checkpointMarks();
    ASSERT_EQ(m.size(), 10u);
    EXPECT_EQ(m[1], 50'000);
    EXPECT_EQ(m.back(), 2'500'000);
    t.batch_size = 4;
    t.seq_len = 256; // 1024 tokens per step: marks land on whole steps
    for (auto mark : t.checkpointMarks()) {
        EXPECT_EQ(mark % 1024, 0);
    }
    t.checkpoint_tokens = {3000};
    EXPECT_EQ(t.checkpointMarks(), (std::vector<int64_t>{0, 3072, 2'499'584}));
}

TEST(Config, DefaultMatrixIsTheStudysTenCells) {
    auto cells = rs::defaultMatrix();
    ASSERT_EQ(cells.size(), 10u);
    EXPECT_EQ(cells[0].cell, "A1");
    EXPECT_TRUE(cells[0].applied().model.qk_norm);
    EXPECT_FALSE(cells[1].applied().model.qk_norm);
    EXPECT_EQ(cells[2].applied().train.optimizer, rs::Optimizer::AdamW);
    EXPECT_EQ(cells[3].applied().train.optimizer, rs::Optimizer::AdamW);
    EXPECT_FALSE(cells[3].applied().model.qk_norm);
    EXPECT_EQ(cells[4].applied().data.variant, rs::DataVariant::Simple);
    EXPECT_EQ(cells[5].applied().data.variant, rs::DataVariant::Complex);
    EXPECT_EQ(cells[6].applied().data.variant, rs::DataVariant::ProseSimple);
    EXPECT_EQ(cells[7].applied().data.variant, rs::DataVariant::ProseComplex);
    EXPECT_TRUE(cells[6].needsPreparedData());
    // The two controls: QK-Norm with its gain frozen at 1, AdamW without the decay difference.
    EXPECT_EQ(cells[8].cell, "A1-gain-frozen");
    EXPECT_EQ(cells[8].applied().model.qk_norm_gain, rs::QkNormGain::Frozen);
    EXPECT_TRUE(cells[8].applied().model.qk_norm);
    EXPECT_EQ(cells[9].cell, "B1-wd0");
    EXPECT_FALSE(cells[9].applied().train.adamw.decay_hidden_matrices);
    EXPECT_EQ(rs::defaultMatrix(/*synthetic=*/true).size(), 8u);
    // The learning-rate sensitivity cells are offered, not trained by default.
    auto half = rs::chooseCells({"B1-lr0.5"}).front();
    EXPECT_FALSE(half.in_default);
    EXPECT_FALSE(half.description.empty());
    auto lr = rs::applyCell(rs::loadPreset("test"), half, 0);
    EXPECT_EQ(lr.runName(), "B1-lr0.5-s0");
    EXPECT_DOUBLE_EQ(lr.train.lr_scale, 0.5);
    EXPECT_EQ(rs::applyCell(rs::loadPreset("test"), rs::chooseCells({"B1-lr2"}).front(), 0)
                  .train.lr_scale,
              2.0);
    EXPECT_TRUE(lr.train.decay_gains); // the reference's default, recorded in run.json
    EXPECT_EQ(lr.toJson()["train"]["decay_gains"], true);
    EXPECT_EQ(lr.toJson()["model"]["qk_norm_gain"], "learned");
    try {
        rs::chooseCells({"Z9"});
        ADD_FAILURE() << "an unknown cell must be refused";
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("B1-wd0"), std::string::npos) << e.what();
    }
    auto run = rs::applyCell(rs::loadPreset("test"), cells[3], 2);
    EXPECT_EQ(run.runName(), "B2-s2");
    EXPECT_FALSE(run.model.qk_norm);
    EXPECT_EQ(run.train.optimizer, rs::Optimizer::AdamW);
}

TEST(Config, ACellSetsAnyFieldByItsPath) {
    rs::MatrixCell c;
    c.cell = "A1-lr";
    c.settings = {{"train.adamw.lr", 0.003},
                  {"model.qk_norm_gamma", "per_head"},
                  {"train.muon.grouping", "separate"}};
    const auto base = rs::loadPreset("test");
    const auto run = rs::applyCell(base, c, 3);
    EXPECT_EQ(run.runName(), "A1-lr-s3");
    EXPECT_DOUBLE_EQ(run.train.adamw.lr, 0.003);
    EXPECT_EQ(run.model.qk_norm_gamma, rs::GammaLayout::PerHead);
    EXPECT_EQ(run.train.muon.grouping, rs::MuonGrouping::Separate);
    EXPECT_EQ(run.model.d_model, base.model.d_model); // the rest from the base
    // An unknown path, a group instead of a field, a wrong type or name: refused, named.
    for (const auto& [path, value] :
         std::vector<std::pair<std::string, rs::Json>>{{"train.adamw.learning_rate", 0.1},
                                                       {"train.adamw", 0.1},
                                                       {"model.qk_norm", "yes"},
                                                       {"train.optimizer", "sgd"}}) {
        c.settings = {{path, value}};
        const auto msg = readMessage([&] { rs::applyCell(base, c, 0); });
        EXPECT_NE(msg.find(path), std::string::npos) << path << ": " << msg;
    }
}

TEST(Config, UnknownPresetListsTheKnownOnes) {
    try {
        rs::loadPreset("huge");
        FAIL();
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("test, quick, small, paper"), std::string::npos);
    }
}

// A document share outside (0, 1], or a share of plain token files (no document boundaries), is
// refused naming the field and the fix; a folder without its document index names the index.
TEST(Config, BadSampleFractionIsNamed) {
    auto cfg = rs::loadPreset("test");
    for (double bad : {0.0, -0.5, 1.5}) {
        cfg.data.sample_fraction = bad;
        const auto msg = validationMessage(cfg);
        EXPECT_NE(msg.find("data.sample_fraction"), std::string::npos) << bad << ": " << msg;
        EXPECT_NE(msg.find("(0, 1]"), std::string::npos) << msg;
    }
    cfg.data.sample_fraction = 0.5;
    EXPECT_EQ(validationMessage(cfg), ""); // synthetic data: each seed draws its own stream
    cfg.data.source = rs::DataSource::Tokens;
    cfg.data.train_path = "train.tok";
    cfg.data.val_path = "val.tok";
    EXPECT_NE(validationMessage(cfg).find("document boundaries"), std::string::npos);
}
