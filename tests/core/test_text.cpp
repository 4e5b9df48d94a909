#include "core/data/bpe_tokenizer.h"
#include "core/data/documents.h"
#include "core/data/readability.h"
#include "core/data/sha256.h"
#include "core/data/text_cleaning.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

namespace {

bool has(const std::vector<std::string>& ps, const std::string& needle) {
    for (const auto& p : ps) {
        if (p.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST(TextFormats, HtmlDropsCodeHeadingsAndTagsKeepsProse) {
    const std::string html = R"(<html><head><title>T</title><style>p{}</style></head><body>
<h1>Chapter 5. Data Definition</h1>
<p>A <em>table</em> in a relational database is much like a table on paper &amp; it has rows.</p>
<pre class="programlisting">CREATE TABLE products (id integer);</pre>
<div>Each column has a data type&#8212;the type constrains values.</div>
<script>var x = 1;</script></body></html>)";
    auto ps = rs::paragraphsFromHtml(html);
    EXPECT_TRUE(
        has(ps, "A table in a relational database is much like a table on paper & it has rows."));
    EXPECT_TRUE(has(ps, "data type—the type"));
    EXPECT_FALSE(has(ps, "CREATE TABLE"));
    EXPECT_FALSE(has(ps, "var x"));
    EXPECT_FALSE(has(ps, "Chapter 5"));
}

TEST(TextFormats, RstDropsDirectivesLiteralBlocksAndRoles) {
    const std::string rst = R"(.. SPDX-License-Identifier: GPL-2.0

==========
Some Title
==========

The :c:func:`kmalloc` function allocates memory; see `the docs <https://x.org>`_ for
**details** and ``GFP_KERNEL`` flags.

Example::

    ptr = kmalloc(size, GFP_KERNEL);

.. note::

   This note is directive content.

Back to prose after the example.
)";
    auto ps = rs::paragraphsFromRst(rst);
    EXPECT_TRUE(has(ps, "The kmalloc function allocates memory; see the docs for details and "
                        "GFP_KERNEL flags."));
    EXPECT_TRUE(has(ps, "Back to prose after the example."));
    EXPECT_FALSE(has(ps, "ptr = kmalloc"));
    EXPECT_FALSE(has(ps, "directive content"));
    EXPECT_FALSE(has(ps, "Some Title"));
    EXPECT_FALSE(has(ps, "SPDX"));
}

TEST(TextFormats, PodKeepsProseDropsVerbatimAndDecodesCodes) {
    const std::string pod = R"(=head1 NAME

perlintro - a brief introduction

=head1 DESCRIPTION

Perl is a B<general-purpose> language; see L<perlsyn|perlsyn> and use C<< $x >> E<lt>here.

    my $x = 1;   # verbatim code

=begin html

<b>raw</b>

=end html

=cut

sub code_after_cut { 1 }
)";
    auto ps = rs::paragraphsFromPod(pod);
    EXPECT_TRUE(has(ps, "Perl is a general-purpose language; see perlsyn and use $x <here."))
        << ::testing::PrintToString(ps);
    EXPECT_FALSE(has(ps, "my $x = 1"));
    EXPECT_FALSE(has(ps, "raw"));
    EXPECT_FALSE(has(ps, "code_after_cut"));
}

TEST(TextFormats, OsisDropsNotesAndJoinsVerses) {
    const std::string osis =
        R"(<chapter osisID="Gen.1" sID="Gen.1"/><title>The Creation</title><verse osisID="Gen.1.1"/>In the beginning, God<note type="x-footnote">The Hebrew word</note> created the heavens and the earth. <verse osisID="Gen.1.2"/>The earth was formless and empty.<chapter eID="Gen.1"/>)";
    auto ps = rs::paragraphsFromOsis(osis);
    ASSERT_EQ(ps.size(), 1u) << ::testing::PrintToString(ps);
    EXPECT_EQ(ps[0], "In the beginning, God created the heavens and the earth. The earth was "
                     "formless and empty.");
}

TEST(TextFormats, FortunesSplitOnPercentAndDropAttribution) {
    auto fs = rs::splitFortunes("A fool and his money are soon parted.\n\t\t-- Proverb\n%\n"
                                "Second fortune that runs\nover two lines.\n%\n");
    ASSERT_EQ(fs.size(), 2u);
    EXPECT_EQ(fs[0], "A fool and his money are soon parted.");
    EXPECT_EQ(fs[1], "Second fortune that runs over two lines.");
}

TEST(TextFormats, SwordZTextBlocksDecompress) {
    const std::string book = "<verse/>In the beginning was the Word.";
    std::string comp(compressBound(uLong(book.size())), '\0');
    uLongf len = comp.size();
    ASSERT_EQ(compress(reinterpret_cast<Bytef*>(comp.data()), &len,
                       reinterpret_cast<const Bytef*>(book.data()), uLong(book.size())),
              Z_OK);
    comp.resize(len);
    std::string bzs(12, '\0');
    uint32_t off = 0, size = uint32_t(len), usize = uint32_t(book.size());
    std::memcpy(bzs.data(), &off, 4);
    std::memcpy(bzs.data() + 4, &size, 4);
    std::memcpy(bzs.data() + 8, &usize, 4);
    auto blocks = rs::swordBlocks(bzs, comp);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_EQ(blocks[0], book);
    EXPECT_THROW(rs::swordBlocks(bzs, comp.substr(0, 4)), rs::UserError);
}

TEST(TextFormats, CleaningDropsFragmentsCodeAndDuplicates) {
    EXPECT_FALSE(rs::keepParagraph("Installation"));
    EXPECT_FALSE(rs::keepParagraph("See also the following list of items"));
    EXPECT_FALSE(rs::keepParagraph("if (x == y) { return a[i] <= b[j]; } else { x = $y; }"));
    EXPECT_TRUE(rs::keepParagraph("The quick brown fox jumps over the lazy dog."));
    std::vector<rs::Document> docs = {
        {"s",
         "prose",
         "a",
         {"The same sentence appears twice here.", "Short", "Unique text stays in this document."}},
        {"s", "prose", "b", {"The same sentence appears twice here."}}};
    rs::cleanDocuments(docs);
    ASSERT_EQ(docs.size(), 1u); // b lost its only paragraph (a duplicate)
    EXPECT_EQ(docs[0].paragraphs.size(), 2u);
}

TEST(Readability, HandComputedScores) {
    rs::FamiliarWords familiar({"the", "cat", "sat", "on", "mat", "a", "dog"});
    EXPECT_EQ(rs::countSyllables("cat"), 1);
    EXPECT_EQ(rs::countSyllables("table"), 2);
    EXPECT_EQ(rs::countSyllables("make"), 1);
    EXPECT_EQ(rs::countSyllables("beautiful"), 3);
    EXPECT_TRUE(familiar.familiar("cats"));
    EXPECT_TRUE(familiar.familiar("dogs"));
    EXPECT_FALSE(familiar.familiar("zebra"));
    // 8 words, 2 sentences, 9 syllables; unfamiliar: "zebra" (1 of 8 = 12.5%)
    auto r = rs::scoreText("The cat sat on the mat. A zebra sat.", familiar);
    EXPECT_EQ(r.words, 9u);
    EXPECT_EQ(r.sentences, 2u);
    EXPECT_EQ(r.syllables, 10u);
    EXPECT_EQ(r.unfamiliar, 1u);
    EXPECT_NEAR(r.fk_grade, 0.39 * 4.5 + 11.8 * 10.0 / 9.0 - 15.59, 1e-12);
    EXPECT_NEAR(r.dale_chall, 0.1579 * 100.0 / 9.0 + 0.0496 * 4.5 + 3.6365, 1e-12);
    // words: the x2, sat x2, cat, on, mat, a, zebra -> H = -(2*(2/9)log2(2/9) + 5*(1/9)log2(1/9))
    const double h = -(2 * (2.0 / 9) * std::log2(2.0 / 9) + 5 * (1.0 / 9) * std::log2(1.0 / 9));
    EXPECT_NEAR(r.word_entropy, h, 1e-12);
    EXPECT_EQ(rs::countSentences("Use e.g. this one. And 3.5 more!"), 2u);
}

TEST(Readability, ReadsTheNpmFamiliarWordList) {
    auto f = rs::FamiliarWords::fromNpmIndex(
        "/** list */\nexport const daleChall = [\n  'a',\n  'able',\n  \"about\"\n]\n");
    EXPECT_EQ(f.size(), 3u);
    EXPECT_TRUE(f.familiar("able"));
}

TEST(Tokenizer, Sha256KnownVectors) {
    EXPECT_EQ(rs::sha256Hex(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(rs::sha256Hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(rs::sha256Hex(std::string(1000, 'a')),
              "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Tokenizer, BpeLearnsFrequentPairsAndRoundTrips) {
    std::unordered_map<std::string, int64_t> pieces;
    const std::string text = "the cat sat on the mat. the cat ate the rat, then the cat sat.";
    for (int rep = 0; rep < 50; ++rep) {
        for (auto& p : rs::BpeTokenizer::pretokenize(text)) {
            ++pieces[p];
        }
    }
    auto tok = rs::BpeTokenizer::train(pieces, 300);
    EXPECT_EQ(tok.vocabSize(), 300);
    EXPECT_EQ(tok.eod(), 299);
    auto ids = tok.encode(text);
    EXPECT_LT(ids.size(), text.size() / 2); // merges compress the frequent words
    EXPECT_EQ(tok.decode(ids), text);
    // " the" is the most frequent piece: it becomes one token.
    EXPECT_EQ(tok.encode(" the").size(), 1u);
    // Bytes never seen in training still round-trip (byte fallback is built in).
    const std::string unseen = "Zürich — 42 ünïcödé!";
    EXPECT_EQ(tok.decode(tok.encode(unseen)), unseen);
    auto again = rs::BpeTokenizer::fromJson(tok.toJson());
    EXPECT_EQ(again.encode(text), ids);
    auto same = rs::BpeTokenizer::train(pieces, 300);
    EXPECT_EQ(same.toJson(), tok.toJson()); // deterministic
}

TEST(Tokenizer, PretokenizerKeepsSpacesWithWords) {
    auto p = rs::BpeTokenizer::pretokenize("Hello, world 42!\nNext");
    std::vector<std::string> expect = {"Hello", ",", " world", " 42", "!", "\n", "Next"};
    EXPECT_EQ(p, expect);
}

TEST(TextFormats, SotuJsonAndOwnJsonLines) {
    auto dir = std::filesystem::temp_directory_path() / "rankscope-test-sotu";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "data");
    rs::writeFileAtomic(dir / "data" / "1790_george_washington_n.json",
                        R"({"year":1790,"name":"George Washington","party":"none",)"
                        R"("text":"Fellow-Citizens of the Senate and House of Representatives: )"
                        R"(In meeting you again I feel much satisfaction."})");
    rs::writeFileAtomic(dir / "data" / "broken.json", "{not json");
    auto docs = rs::readSotuJson(dir / "data");
    ASSERT_EQ(docs.size(), 1u); // the broken file is skipped
    EXPECT_NE(docs[0].paragraphs[0].find("much satisfaction."), std::string::npos);

    rs::writeFileAtomic(dir / "own.jsonl", "{\"text\": \"First document here.\"}\n\n"
                                           "{\"text\": \"Second one.\", \"id\": 2}\n");
    auto own = rs::readOwnData(dir / "own.jsonl");
    ASSERT_EQ(own.size(), 2u);
    EXPECT_EQ(own[1].paragraphs[0], "Second one.");
    rs::writeFileAtomic(dir / "bad.jsonl", "{\"body\": \"no text field\"}\n");
    try {
        rs::readOwnData(dir / "bad.jsonl");
        FAIL();
    } catch (const rs::UserError& e) {
        EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("\"text\""), std::string::npos);
    }
}
