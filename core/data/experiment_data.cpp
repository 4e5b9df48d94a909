#include "core/data/experiment_data.h"
#include "core/data/corpus_encoding.h"
#include "core/data/bpe_tokenizer.h"
#include "core/data/sha256.h"
#include "core/data/sources.h"
#include "core/data/text_cleaning.h"
#include "core/data/token_source.h"
#include "core/util/file_lock.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <unordered_map>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace rs {

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

uint64_t fnvString(const std::string& s) {
    return fnv1a64(s.data(), s.size());
}

struct Corpus {
    std::vector<const TextUnit*> units;
};

} // namespace

Json tokensBySource(const Json& ranges, const std::vector<int64_t>& starts, int64_t length) {
    Json counts = Json::object();
    for (const auto& r : ranges) {
        const auto b = r.at("begin").get<int64_t>(), e = r.at("end").get<int64_t>();
        int64_t n = 0;
        for (auto s : starts) {
            n += std::max<int64_t>(0, std::min(e, s + length) - std::max(b, s));
        }
        const auto name = r.at("source").get<std::string>();
        if (n > 0) {
            counts[name] = counts.value(name, int64_t(0)) + n;
        }
    }
    return counts;
}

std::string documentSplit(const Document& doc, uint64_t seed) {
    const uint64_t h = fnvString(doc.source + "/" + doc.id + "/" + std::to_string(seed)) % 100;
    return h < 90 ? "train" : h < 94 ? "val" : h < 98 ? "test" : "eval";
}

bool experimentDataReady(const fs::path& dir, int64_t vocab_size) {
    try {
        return readDataManifest(dir)["request"]["vocab_size"].get<int64_t>() == vocab_size;
    } catch (const std::exception&) {
        return false; // missing, incomplete, corrupt or from an older layout
    }
}

Json readDataManifest(const fs::path& dir) {
    const auto path = dir / "manifest.json";
    if (!fs::exists(path)) {
        throw UserError("no prepared data in '" + dir.string() +
                        "' (manifest.json missing); run `rankscope-cli data prepare --out " +
                        dir.string() + "`");
    }
    auto j = Json::parse(readFile(path), nullptr, false);
    if (j.is_discarded() || !j.value("complete", false)) {
        throw UserError("prepared data in '" + dir.string() +
                        "' is incomplete or corrupt; run `rankscope-cli data prepare` again");
    }
    return j;
}

namespace {

// A tercile cut of one genre ("" = every genre) by the complexity score of training units.
struct Cut {
    std::string genre;
    double lo, hi;
};

using SplitSets = std::map<std::string, std::map<std::string, std::vector<const TextUnit*>>>;

// One preparation of an experiment data folder, stage by stage; the members are what the
// stages hand on. Stage order: sources, scores, terciles, tokenizer, shards, evaluation batch.
class DataPreparation {
  public:
    explicit DataPreparation(const PrepareOptions& opt) : opt_(opt) {}

    Json run() {
        const Json req = request();
        if (auto old = reusable(req)) {
            progress("reuse", 1.0);
            return *old;
        }
        manifest_ = {{"request", req}, {"complete", false}, {"sources", Json::array()}};
        collectSources(req["sources"].get<std::vector<std::string>>());
        scoreUnits();
        cutTerciles();
        trainTokenizer();
        encodeAndWriteShards();
        writeEvalBatch();
        return finishManifest();
    }

  private:
    void progress(const std::string& stage, double f) const {
        if (opt_.progress) {
            opt_.progress(stage, f);
        }
    }

    Json request() const {
        std::vector<std::string> names = opt_.sources;
        if (names.empty() && opt_.own.empty()) {
            for (const auto& s : builtinSources()) {
                names.push_back(s.name);
            }
        }
        Json req = {{"sources", names},
                    {"own", Json::array()},
                    {"vocab_size", opt_.vocab_size},
                    {"eval_tokens", opt_.eval_tokens},
                    {"eval_seq_len", opt_.eval_seq_len},
                    {"seed", opt_.seed}};
        for (const auto& o : opt_.own) {
            req["own"].push_back(fs::absolute(o).string());
        }
        return req;
    }

    // A complete folder prepared with the same request is used as it is.
    std::optional<Json> reusable(const Json& req) const {
        createFolder(opt_.out_dir);
        if (!fs::exists(opt_.out_dir / "manifest.json")) {
            return std::nullopt;
        }
        auto old = Json::parse(readFile(opt_.out_dir / "manifest.json"), nullptr, false);
        if (!old.is_discarded() && old.value("complete", false) && old["request"] == req) {
            return old;
        }
        return std::nullopt;
    }

    // 1. Sources: fetch, read, clean. A failing source is skipped and recorded.
    void collectSources(const std::vector<std::string>& names) {
        for (size_t i = 0; i < names.size(); ++i) {
            const auto& spec = findSource(names[i]);
            progress("fetch " + spec.name, double(i) / double(names.size()));
            manifest_["sources"].push_back(addBuiltinSource(spec));
        }
        for (const auto& path : opt_.own) {
            addOwnText(path);
        }
        if (docs_.empty()) {
            std::string why;
            for (const auto& s : manifest_["sources"]) {
                why += "\n  " + s.value("name", "") + ": " + s.value("error", "");
            }
            throw UserError("no usable text: every source failed; supply your own text with "
                            "--own DIR|FILE.jsonl" +
                            why);
        }
    }

    Json addBuiltinSource(const SourceSpec& spec) {
        Json rec = {{"name", spec.name},
                    {"package", spec.package},
                    {"kind", spec.kind},
                    {"genre", spec.genre}};
        try {
            auto t0 = Clock::now();
            auto fetched = fetchSource(spec, opt_.cache_dir);
            fetch_s_ += secondsSince(t0);
            t0 = Clock::now();
            auto sdocs = readSource(fetched);
            extract_s_ += secondsSince(t0);
            std::string all;
            size_t words = 0, paras = 0;
            for (const auto& d : sdocs) {
                for (const auto& p : d.paragraphs) {
                    all += p + "\n";
                    words += countWords(p);
                    ++paras;
                }
            }
            if (sdocs.empty()) {
                throw UserError("no prose left after cleaning");
            }
            rec.update({{"status", "ok"},
                        {"version", fetched.version},
                        {"documents", sdocs.size()},
                        {"paragraphs", paras},
                        {"words", words},
                        {"sha256", sha256Hex(all)}});
            for (auto& d : sdocs) {
                docs_.push_back(std::move(d));
            }
        } catch (const UserError& e) {
            spdlog::warn("source '{}' skipped: {}", spec.name, e.what());
            rec.update({{"status", "skipped"}, {"error", e.what()}});
        }
        return rec;
    }

    void addOwnText(const fs::path& path) {
        auto own = readOwnData(path);
        cleanDocuments(own);
        size_t words = 0;
        std::string all;
        for (auto& d : own) {
            d.source = "own:" + path.filename().string();
            d.genre = "own";
            for (const auto& p : d.paragraphs) {
                all += p + "\n";
                words += countWords(p);
            }
        }
        manifest_["sources"].push_back({{"name", "own"},
                                        {"path", fs::absolute(path).string()},
                                        {"status", "ok"},
                                        {"documents", own.size()},
                                        {"words", words},
                                        {"sha256", sha256Hex(all)}});
        for (auto& d : own) {
            docs_.push_back(std::move(d));
        }
    }

    // Without the familiar-word list (npm unreachable) the terciles fall back to the
    // Flesch-Kincaid grade, and the manifest says so.
    FamiliarWords familiarWords() {
        try {
            return opt_.familiar_list.empty()
                       ? loadFamiliarWords(opt_.cache_dir)
                       : FamiliarWords::fromNpmIndex(readFile(opt_.familiar_list));
        } catch (const UserError& e) {
            spdlog::warn("Dale-Chall list unavailable ({}); complexity terciles use the "
                         "Flesch-Kincaid grade instead",
                         e.what());
            dale_ = false;
            manifest_["complexity_fallback_reason"] = e.what();
            return {};
        }
    }

    // 2. Units and their scores.
    void scoreUnits() {
        progress("score", 0.0);
        const auto t_score = Clock::now();
        const FamiliarWords familiar = familiarWords();
        manifest_["complexity_score"] = dale_ ? "dale_chall" : "fk_grade";
        doc_split_.resize(docs_.size());
        for (size_t d = 0; d < docs_.size(); ++d) {
            doc_split_[d] = documentSplit(docs_[d], opt_.seed);
            auto cut = cutUnits(docs_[d]);
            for (size_t k = 0; k < cut.size(); ++k) {
                units_.push_back({int(d), int(k), std::move(cut[k]), {}});
            }
        }
        for (size_t i = 0; i < units_.size(); ++i) {
            units_[i].score = scoreText(units_[i].text, familiar);
            if (i % 5000 == 0) {
                progress("score", double(i) / double(units_.size()));
            }
        }
        score_s_ = secondsSince(t_score);
    }

    double complexity(const TextUnit& u) const {
        return dale_ ? u.score.dale_chall : u.score.fk_grade;
    }

    const std::string& splitOf(const TextUnit& u) const { return doc_split_[size_t(u.doc)]; }
    const std::string& genreOf(const TextUnit& u) const { return docs_[size_t(u.doc)].genre; }

    std::vector<const TextUnit*> unitsIn(const std::string& split) const {
        std::vector<const TextUnit*> out;
        for (const auto& u : units_) {
            if (splitOf(u) == split) {
                out.push_back(&u);
            }
        }
        return out;
    }

    // 3. Terciles by complexity on training units; the same thresholds cut val/test.
    void cutTerciles() {
        auto scores = [&](const std::string& genre) {
            std::vector<double> xs;
            for (const auto* u : unitsIn("train")) {
                if (genre.empty() || genreOf(*u) == genre) {
                    xs.push_back(complexity(*u));
                }
            }
            return xs;
        };
        const auto all = scores("");
        cuts_[""] = {"", quantile(all, 1.0 / 3), quantile(all, 2.0 / 3)};
        for (const char* g : {"technical", "prose"}) {
            auto xs = scores(g);
            if (xs.size() >= 30) {
                cuts_[g] = {g, quantile(xs, 1.0 / 3), quantile(xs, 2.0 / 3)};
            }
        }
        std::mt19937_64 rng(opt_.seed);
        for (const char* split : {"train", "val", "test"}) {
            cutSplit(split, rng);
        }
    }

    std::vector<const TextUnit*> pick(const std::vector<const TextUnit*>& pool, const Cut& c,
                                      bool low) const {
        std::vector<const TextUnit*> out;
        for (const auto* u : pool) {
            const double dc = complexity(*u);
            if ((c.genre.empty() || genreOf(*u) == c.genre) && (low ? dc <= c.lo : dc >= c.hi)) {
                out.push_back(u);
            }
        }
        return out;
    }

    void cutSplit(const std::string& split, std::mt19937_64& rng) {
        const auto pool = unitsIn(split);
        sets_["simple"][split] = pick(pool, cuts_[""], true);
        sets_["complex"][split] = pick(pool, cuts_[""], false);
        // standard: a uniform random sample of the whole pool, as large as the simple third
        std::vector<const TextUnit*> shuffled = pool;
        for (size_t i = shuffled.size(); i > 1; --i) {
            std::swap(shuffled[i - 1], shuffled[size_t(rng() % i)]);
        }
        shuffled.resize(std::min(shuffled.size(), sets_["simple"][split].size()));
        std::sort(shuffled.begin(), shuffled.end(), [](const TextUnit* a, const TextUnit* b) {
            return a->doc != b->doc ? a->doc < b->doc : a->index_in_doc < b->index_in_doc;
        });
        sets_["standard"][split] = shuffled;
        for (const auto& [g, prefix] : {std::pair{"technical", "tech"}, {"prose", "prose"}}) {
            if (cuts_.count(g)) {
                sets_[std::string(prefix) + "-simple"][split] = pick(pool, cuts_[g], true);
                sets_[std::string(prefix) + "-complex"][split] = pick(pool, cuts_[g], false);
            }
        }
    }

    // 4. One tokenizer for the experiment, trained on the training text of every variant.
    void trainTokenizer() {
        progress("tokenizer", 0.0);
        const auto t_tok = Clock::now();
        std::unordered_map<std::string, int64_t> pieces;
        for (const auto* u : unitsIn("train")) {
            for (auto& p : BpeTokenizer::pretokenize(u->text)) {
                ++pieces[p];
            }
        }
        tok_.emplace(BpeTokenizer::train(pieces, opt_.vocab_size, [&](int done, int total) {
            progress("tokenizer", double(done) / double(total));
        }));
        tok_s_ = secondsSince(t_tok);
        tok_->save(opt_.out_dir / "tokenizer.json");
    }

    // The larger corpora of a group are cut to the smallest by a seeded sample of whole units
    // across all their sources (then to the exact count), never by dropping their tail.
    void equalise(const std::vector<std::string>& group) {
        for (const char* split : {"train", "val", "test"}) {
            size_t n = SIZE_MAX;
            for (const auto& v : group) {
                n = std::min(n, encodings_[v][split].ids.size());
            }
            for (const auto& v : group) {
                auto& e = encodings_[v][split];
                if (e.ids.size() > n) {
                    const uint64_t seed = opt_.seed ^ std::hash<std::string>{}(v + "/" + split);
                    sets_[v][split] = sampleUnits(sets_[v][split], n, unit_ids_, seed);
                    e = encodeUnits(sets_[v][split], *tok_, docs_, unit_ids_);
                }
                e.truncate(n);
            }
        }
    }

    // 5. Encode, equalise token counts across the three main variants, write shards.
    void encodeAndWriteShards() {
        progress("encode", 0.0);
        const auto t_enc = Clock::now();
        for (auto& [variant, splits] : sets_) {
            for (auto& [split, us] : splits) {
                encodings_[variant][split] = encodeUnits(us, *tok_, docs_, unit_ids_);
                encoded_ += int64_t(encodings_[variant][split].ids.size());
            }
        }
        enc_s_ = secondsSince(t_enc);
        equalise({"standard", "simple", "complex"});
        for (const char* split : {"train", "val", "test"}) {
            if (encodings_["standard"][split].ids.size() < 1024) { // a floor, not a target
                throw UserError(std::string("too little text for the ") + split + " split (" +
                                std::to_string(encodings_["standard"][split].ids.size()) +
                                " tokens per corpus after equalising simple/standard/complex); "
                                "add sources or own text");
            }
        }
        for (const char* prefix : {"tech", "prose"}) {
            if (encodings_.count(std::string(prefix) + "-simple")) {
                equalise({std::string(prefix) + "-simple", std::string(prefix) + "-complex"});
            }
        }
        writeShards();
    }

    void writeShards() {
        for (auto& [variant, splits] : encodings_) {
            createFolder(opt_.out_dir / variant);
            for (auto& [split, e] : splits) {
                TokenFile::write(opt_.out_dir / variant / (split + ".tok"), e.ids,
                                 uint32_t(opt_.vocab_size));
                manifest_["splits"][variant][split] = {
                    {"tokens", e.ids.size()},
                    {"fnv1a64", fnv1a64(e.ids.data(), e.ids.size() * 2)},
                    {"source_ranges", e.ranges}};
            }
            auto& stats = manifest_["stats"][variant];
            stats = corpusStats(sets_[variant]["train"], splits["train"].ids, opt_.vocab_size);
            if (!dale_) {
                stats["unfamiliar_pct"] = nullptr; // no familiar-word list to count with
            }
        }
    }

    // 6. The fixed evaluation batch: random windows of the eval documents (never trained on),
    // one window per stretch of the stream so the windows are disjoint.
    void writeEvalBatch() {
        const auto eval_encoded = encodeUnits(unitsIn("eval"), *tok_, docs_, unit_ids_);
        const auto& stream = eval_encoded.ids;
        const int64_t len = opt_.eval_seq_len;
        const int64_t n_seq = (opt_.eval_tokens + len - 1) / len;
        if (int64_t(stream.size()) < n_seq * len * 2) {
            throw UserError("too little held-out text for an evaluation batch of " +
                            std::to_string(opt_.eval_tokens) + " tokens (" +
                            std::to_string(stream.size()) + " available); add sources");
        }
        std::vector<uint16_t> ids;
        Json previews = Json::array();
        std::mt19937_64 rng(opt_.seed ^ 0xEEEEULL);
        const int64_t span = int64_t(stream.size()) / n_seq;
        std::vector<int64_t> starts;
        for (int64_t s = 0; s < n_seq; ++s) {
            const int64_t start = s * span + int64_t(rng() % uint64_t(span - len));
            starts.push_back(start);
            std::vector<uint16_t> w(stream.begin() + start, stream.begin() + start + len);
            ids.insert(ids.end(), w.begin(), w.end());
            previews.push_back(tok_->decode(w).substr(0, 160));
        }
        TokenFile::write(opt_.out_dir / "eval_batch.tok", ids, uint32_t(opt_.vocab_size));
        manifest_["eval_batch"] = {
            {"path", "eval_batch.tok"},
            {"sequences", n_seq},
            {"sequence_length", len},
            {"tokens", ids.size()},
            {"seed", opt_.seed},
            {"sha256",
             sha256Hex(std::string(reinterpret_cast<const char*>(ids.data()), ids.size() * 2))},
            {"tokens_by_source", tokensBySource(eval_encoded.ranges, starts, len)},
            {"preview", previews}};
        writeFileAtomic(opt_.out_dir / "eval_batch.json", manifest_["eval_batch"].dump(2) + "\n");
    }

    Json finishManifest() {
        manifest_["tokenizer"] = {{"type", "byte-bpe"},
                                  {"vocab_size", opt_.vocab_size},
                                  {"merges", tok_->mergeCount()},
                                  {"sha256", sha256Hex(readFile(opt_.out_dir / "tokenizer.json"))},
                                  {"train_seconds", tok_s_}};
        manifest_["thresholds"] = Json::object();
        for (const auto& [g, c] : cuts_) {
            manifest_["thresholds"][g.empty() ? "all" : g] = {{"simple_max", c.lo},
                                                              {"complex_min", c.hi}};
        }
        manifest_["documents"] = docs_.size();
        manifest_["units"] = units_.size();
        manifest_["timings_s"] = {
            {"fetch", fetch_s_},
            {"extract_clean", extract_s_},
            {"score", score_s_},
            {"tokenizer", tok_s_},
            {"encode", enc_s_},
            {"total", secondsSince(t_start_)},
            {"encode_tokens_per_s", double(encoded_) / std::max(1e-9, enc_s_)}};
        manifest_["complete"] = true;
        writeFileAtomic(opt_.out_dir / "manifest.json", manifest_.dump(2) + "\n");
        progress("done", 1.0);
        return manifest_;
    }

    const PrepareOptions& opt_;
    const Clock::time_point t_start_ = Clock::now();
    Json manifest_;
    std::vector<Document> docs_;
    std::vector<TextUnit> units_;
    std::vector<std::string> doc_split_; // per document: train, val, test or eval
    bool dale_ = true;                   // complexity by Dale-Chall, else Flesch-Kincaid grade
    std::map<std::string, Cut> cuts_;
    SplitSets sets_; // variant -> split -> units
    std::optional<BpeTokenizer> tok_;
    UnitIds unit_ids_;
    std::map<std::string, std::map<std::string, Encoded>> encodings_;
    double fetch_s_ = 0, extract_s_ = 0, score_s_ = 0, tok_s_ = 0, enc_s_ = 0;
    int64_t encoded_ = 0;
};

} // namespace

Json prepareExperimentData(const PrepareOptions& opt) {
    std::error_code ec;
    fs::create_directories(opt.out_dir, ec);
    if (ec) {
        throw UserError("cannot create the data folder '" + opt.out_dir.string() +
                        "': " + ec.message() + "; choose a writable folder (--out or --data)");
    }
    // Two processes preparing one folder (two matrix commands, a cluster's data job and a
    // command on the login node): the second waits, then reuses the first one's result.
    const auto lock = FileLock::acquire(opt.out_dir / ".prepare.lock", "preparing the corpora",
                                        std::chrono::hours(3));
    return DataPreparation(opt).run();
}

} // namespace rs
