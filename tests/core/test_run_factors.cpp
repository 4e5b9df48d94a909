#include "core/config/config_diff.h"
#include "core/store/experiment.h"
#include "core/store/run_factors.h"

#include <gtest/gtest.h>

namespace {

rs::RunSnapshot snapshot(const std::string& cell, uint64_t seed) {
    rs::RunConfig c = rs::applyCell(rs::loadPreset("test"), *rs::matrixCell(cell), seed);
    rs::RunSnapshot s;
    s.name = c.runName();
    s.cell = cell;
    s.seed = seed;
    s.config = c;
    return s;
}

} // namespace

TEST(Factors, ValuesComeFromTheRunConfiguration) {
    const auto a1 = snapshot("A1", 0), b2 = snapshot("B2", 1);
    EXPECT_EQ(rs::factorValue(a1, rs::Factor::Cell), "A1");
    EXPECT_EQ(rs::factorValue(a1, rs::Factor::QkNorm), "on");
    EXPECT_EQ(rs::factorValue(b2, rs::Factor::QkNorm), "off");
    EXPECT_EQ(rs::factorValue(b2, rs::Factor::Optimizer), "adamw");
    EXPECT_EQ(rs::factorValue(b2, rs::Factor::MuonLr), "-"); // AdamW-only: no Muon
    EXPECT_EQ(rs::factorValue(a1, rs::Factor::Preset), "test");
    rs::RunSnapshot unstarted;
    unstarted.cell = "A2";
    EXPECT_EQ(rs::factorValue(unstarted, rs::Factor::Cell), "A2");
    EXPECT_EQ(rs::factorValue(unstarted, rs::Factor::Optimizer), "");
    for (const auto& n : rs::kFactorNames) {
        EXPECT_EQ(rs::factorFromKey(n.key), n.value);
    }
    EXPECT_FALSE(rs::factorFromKey("colour"));
}

TEST(Factors, GroupingByANonCellFactorPoolsTheCells) {
    // A1, A2 have QK-Norm; B1, B2 do not (the design's 2x2).
    const std::vector<rs::RunSnapshot> runs = {snapshot("A1", 0), snapshot("A2", 0),
                                               snapshot("B1", 0), snapshot("B2", 0),
                                               snapshot("B2", 1)};
    std::vector<const rs::RunSnapshot*> ptrs;
    for (const auto& r : runs) {
        ptrs.push_back(&r);
    }
    const auto byNorm = rs::groupByFactors(ptrs, {rs::Factor::QkNorm});
    ASSERT_EQ(byNorm.size(), 2u);
    EXPECT_EQ(byNorm.at("qk_norm=on").size(), 2u);
    EXPECT_EQ(byNorm.at("qk_norm=off").size(), 3u);
    const auto both = rs::groupByFactors(ptrs, {rs::Factor::QkNorm, rs::Factor::Optimizer});
    EXPECT_EQ(both.size(), 4u);
    EXPECT_EQ(both.at("qk_norm=off · optimizer=adamw").size(), 2u);
    EXPECT_EQ(rs::groupByFactors(ptrs, {rs::Factor::Cell}), rs::groupByCell(ptrs));
}

TEST(Factors, ConfigDiffListsOnlyTheFieldsThatDiffer) {
    const auto a = rs::applyCell(rs::loadPreset("test"), *rs::matrixCell("A1"), 0);
    auto b = a;
    EXPECT_TRUE(rs::configDiff(a, b).empty());
    b.seed = 3;
    b.train.adamw.lr = 0.001;
    const auto d = rs::configDiff(a, b);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].path, "seed");
    EXPECT_EQ(d[0].a, "0");
    EXPECT_EQ(d[0].b, "3");
    EXPECT_EQ(d[1].path, "train.adamw.lr");
    EXPECT_EQ(d[1].b, "0.001");
    // A field only one side has is listed with the other side empty.
    const auto j = rs::jsonDiff(rs::Json{{"x", 1}}, rs::Json{{"x", 1}, {"y", {{"z", true}}}});
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0].path, "y.z");
    EXPECT_EQ(j[0].a, "");
    EXPECT_EQ(j[0].b, "true");
}
