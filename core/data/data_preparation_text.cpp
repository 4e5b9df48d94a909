#include "core/data/data_preparation.h"
#include "core/data/sha256.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

namespace rs {

void DataPreparation::collectSources(const std::vector<std::string>& names) {
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

double DataPreparation::complexity(const TextUnit& u) const {
    return dale_ ? u.score.dale_chall : u.score.fk_grade;
}

Json DataPreparation::addBuiltinSource(const SourceSpec& spec) {
    Json rec = {
        {"name", spec.name}, {"package", spec.package}, {"kind", spec.kind}, {"genre", spec.genre}};
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

void DataPreparation::addOwnText(const std::filesystem::path& path) {
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
                                    {"path", std::filesystem::absolute(path).string()},
                                    {"status", "ok"},
                                    {"documents", own.size()},
                                    {"words", words},
                                    {"sha256", sha256Hex(all)}});
    for (auto& d : own) {
        docs_.push_back(std::move(d));
    }
}

FamiliarWords DataPreparation::familiarWords() {
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

void DataPreparation::scoreUnits() {
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

std::vector<const TextUnit*> DataPreparation::unitsIn(const std::string& split) const {
    std::vector<const TextUnit*> out;
    for (const auto& u : units_) {
        if (splitOf(u) == split) {
            out.push_back(&u);
        }
    }
    return out;
}

void DataPreparation::cutTerciles() {
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

std::vector<const TextUnit*> DataPreparation::pick(const std::vector<const TextUnit*>& pool,
                                                   const Cut& c, bool low) const {
    std::vector<const TextUnit*> out;
    for (const auto* u : pool) {
        const double dc = complexity(*u);
        if ((c.genre.empty() || genreOf(*u) == c.genre) && (low ? dc <= c.lo : dc >= c.hi)) {
            out.push_back(u);
        }
    }
    return out;
}

void DataPreparation::cutSplit(const std::string& split, std::mt19937_64& rng) {
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

} // namespace rs
