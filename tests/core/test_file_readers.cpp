// Readers of files a crash, a disk or a person can damage: each bad input the fuzz targets
// (tests/fuzz) found is kept here as a case, with hand-written expectations.
#include "core/data/token_source.h"
#include "core/store/metric_record.h"
#include "core/store/npy.h"
#include "core/store/run_dir.h"
#include "core/util/csv.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::filesystem::path writeBytes(const std::string& name, const std::string& bytes) {
    const auto dir = rs::test::freshDir("readers-" + name);
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string npyWithHeader(std::string header, size_t data_bytes) {
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    const auto len = uint16_t(header.size());
    out.append(reinterpret_cast<const char*>(&len), 2);
    out += header;
    out.append(data_bytes, '\0');
    return out;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const rs::UserError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST(Readers, CsvQuotingByHand) {
    EXPECT_EQ(rs::parseCsv("a,b\n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
    EXPECT_EQ(rs::parseCsv("a,\"x, \"\"y\"\"\"\n"), (Rows{{"a", "x, \"y\""}}));
    EXPECT_EQ(rs::parseCsv("a,\"two\nlines\"\nb,c"), (Rows{{"a", "two\nlines"}, {"b", "c"}}));
    EXPECT_EQ(rs::parseCsv("a,b\r\n,\r\n"), (Rows{{"a", "b"}, {"", ""}}));
    // Found by fuzz_csv: a quoted field ending in CR lost it when its line ended.
    EXPECT_EQ(rs::parseCsv("\"x\r\"\n"), (Rows{{"x\r"}}));
    EXPECT_EQ(rs::parseCsv(rs::csvRow({"A,1", "q\"", "\r", ""})), (Rows{{"A,1", "q\"", "\r", ""}}));
    EXPECT_EQ(
        errorOf([] { rs::parseCsv("a\nb,\"open\n\n", "t.csv"); }),
        "t.csv: the quote opened on line 2 is never closed; the file is truncated or not CSV");
}

TEST(Readers, NpyHeadersAreTrustedForNothing) {
    const std::string c_order = "{'descr': '<f8', 'fortran_order': False, 'shape': ";
    std::vector<size_t> shape;
    const auto good = writeBytes("good.npy", npyWithHeader(c_order + "(2, 3), }\n", 48));
    EXPECT_EQ(rs::readNpy(good, &shape).size(), 6u);
    EXPECT_EQ(shape, (std::vector<size_t>{2, 3}));
    // Found by fuzz_npy: a damaged 'shape' key made std::stoul throw (an internal error).
    const auto no_shape = writeBytes(
        "noshape.npy",
        npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'sh\x9f': (2, 1), }", 16));
    EXPECT_NE(errorOf([&] { rs::readNpy(no_shape, &shape); }).find("has no valid shape"),
              std::string::npos);
    const auto letters = writeBytes("letters.npy", npyWithHeader(c_order + "(2, x), }", 16));
    EXPECT_NE(errorOf([&] { rs::readNpy(letters, &shape); }).find("has no valid shape"),
              std::string::npos);
    // A shape whose byte count wraps around 2^64 must not pass as a small array.
    const auto huge =
        writeBytes("huge.npy", npyWithHeader(c_order + "(2305843009213693952, 8), }", 0));
    EXPECT_NE(errorOf([&] { rs::readNpy(huge, &shape); }).find("has no valid shape"),
              std::string::npos);
    const auto fortran = writeBytes(
        "f.npy", npyWithHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", 16));
    EXPECT_NE(errorOf([&] { rs::readNpy(fortran, &shape); }).find("in C order"), std::string::npos);
    auto cut = npyWithHeader(c_order + "(2,), }", 16);
    cut.resize(20);
    EXPECT_NE(errorOf([&] {
                  rs::readNpy(writeBytes("cut.npy", cut), &shape);
              }).find("truncated in its header"),
              std::string::npos);
}

TEST(Readers, TokenFileRefusesIdsOutsideItsVocabulary) {
    const auto dir = rs::test::freshDir("readers-tok");
    std::filesystem::create_directories(dir);
    rs::TokenFile::write(dir / "ok.tok", {0, 5, 9}, 10);
    EXPECT_EQ(rs::TokenFile(dir / "ok.tok").size(), 3);
    rs::TokenFile::write(dir / "bad.tok", {0, 5, 10}, 10);
    EXPECT_NE(errorOf([&] {
                  rs::TokenFile(dir / "bad.tok");
              }).find("holds token id 10, outside its vocabulary of 10"),
              std::string::npos);
    // A count of 2^63 + 1 makes count * 2 wrap to 2: it must not pass as one token.
    std::string bytes;
    {
        std::ifstream in(dir / "ok.tok", std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const uint64_t wrapped = (uint64_t(1) << 63) + 3;
    bytes.replace(8, 8, reinterpret_cast<const char*>(&wrapped), 8);
    EXPECT_NE(errorOf([&] {
                  rs::TokenFile(writeBytes("wrap.tok", bytes));
              }).find("is truncated or padded"),
              std::string::npos);
}

TEST(Readers, PrivateTempFileIsFreshAndOnlyOurs) {
    std::filesystem::path where;
    {
        const rs::PrivateTempFile a("rankscope-test", "{\"x\": 1}");
        const rs::PrivateTempFile b("rankscope-test", "");
        where = a.path();
        EXPECT_NE(a.path(), b.path());
        EXPECT_EQ(rs::readFile(a.path()), "{\"x\": 1}");
        const auto perms = std::filesystem::status(a.path()).permissions();
        EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
                  std::filesystem::perms::none);
    }
    EXPECT_FALSE(std::filesystem::exists(where));
}

TEST(Readers, NumbersOutOfRangeAreNamedNotUndefined) {
    // Found by fuzz_metrics: a thread count of 1.1e24 was converted to int (undefined behaviour).
    const auto line =
        rs::Json::parse(R"({"kind":"train","step":2,"tokens":1024,"threads":1.1e24})");
    EXPECT_NE(errorOf([&] {
                  rs::metricRecordFromJson(line);
              }).find("field 'threads' must be a whole number"),
              std::string::npos);
    const auto ok = rs::Json::parse(R"({"kind":"threads","step":2,"tokens":1024,"from":2,"to":1})");
    EXPECT_EQ(std::get<rs::ThreadsRecord>(*rs::metricRecordFromJson(ok)).to, 1);
    // Found by fuzz_run_json: a number too large for a double in run.json escaped as an
    // internal error.
    const auto dir = rs::test::freshDir("readers-run");
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "run.json") << R"({"config": {"seed": 1e606}})";
    EXPECT_NE(errorOf([&] { rs::RunDir(dir).readRunRecord(); }).find("is not valid JSON: "),
              std::string::npos);
}
