#include "core/data/bpe_tokenizer.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>
#include <optional>
#include <cctype>
#include <queue>

namespace rs {

namespace {

uint64_t pairKey(int a, int b) {
    return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
}

enum class CharClass { Letter, Digit, Space, Newline, Other };

CharClass classOf(unsigned char c) {
    if (std::isalpha(c) || c >= 0x80) {
        return CharClass::Letter;
    }
    if (std::isdigit(c)) {
        return CharClass::Digit;
    }
    if (c == '\n') {
        return CharClass::Newline;
    }
    if (std::isspace(c)) {
        return CharClass::Space;
    }
    return CharClass::Other;
}

} // namespace

std::vector<std::string> BpeTokenizer::pretokenize(const std::string& text) {
    std::vector<std::string> pieces;
    size_t i = 0;
    while (i < text.size()) {
        size_t start = i;
        CharClass cls = classOf(static_cast<unsigned char>(text[i]));
        if (text[i] == ' ' && i + 1 < text.size()) {
            CharClass next = classOf(static_cast<unsigned char>(text[i + 1]));
            if (next == CharClass::Letter || next == CharClass::Digit || next == CharClass::Other) {
                ++i; // the space belongs to the word that follows
                cls = next;
            }
        }
        if (cls == CharClass::Newline) {
            ++i;
        } else {
            while (i < text.size() && classOf(static_cast<unsigned char>(text[i])) == cls) {
                ++i;
            }
        }
        if (i == start) {
            ++i;
        }
        pieces.push_back(text.substr(start, i - start));
    }
    return pieces;
}

namespace {

// The pair statistics of BPE training: every word as symbols with its count, the count of each
// adjacent pair, the words each pair occurs in, and a max-heap of (count, smaller pair first)
// whose stale entries are skipped when popped.
class PairCounts {
  public:
    explicit PairCounts(const std::unordered_map<std::string, int64_t>& piece_counts) {
        // Sorted pieces: the word order (and so every tie-break) does not depend on hashing.
        std::vector<std::pair<std::string, int64_t>> sorted(piece_counts.begin(),
                                                            piece_counts.end());
        std::sort(sorted.begin(), sorted.end());
        words_.reserve(sorted.size());
        for (const auto& [piece, count] : sorted) {
            Word w{{}, count};
            for (unsigned char c : piece) {
                w.sym.push_back(c);
            }
            words_.push_back(std::move(w));
        }
        for (int wi = 0; wi < int(words_.size()); ++wi) {
            const auto& s = words_[size_t(wi)].sym;
            for (size_t k = 0; k + 1 < s.size(); ++k) {
                auto key = pairKey(s[k], s[k + 1]);
                count_[key] += words_[size_t(wi)].count;
                where_[key].push_back(wi);
            }
        }
        for (const auto& [key, c] : count_) {
            heap_.push({c, ~key});
        }
    }

    // The most frequent pair occurring at least twice; nullopt when none is left.
    std::optional<uint64_t> popBest() {
        while (!heap_.empty()) {
            auto [c, inv] = heap_.top();
            heap_.pop();
            const uint64_t key = ~inv;
            auto it = count_.find(key);
            if (it == count_.end() || it->second != c) {
                continue; // stale entry
            }
            if (c < 2) {
                return std::nullopt; // nothing left that occurs twice
            }
            return key;
        }
        return std::nullopt;
    }

    // Replaces the pair `key` by symbol `id` in every word holding it and updates the counts.
    void merge(uint64_t key, int id) {
        const int a = int(key >> 32), b = int(uint32_t(key));
        auto list = std::move(where_[key]);
        where_.erase(key);
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        std::vector<uint64_t> touched;
        for (int wi : list) {
            mergeInWord(wi, a, b, id, touched);
        }
        count_.erase(key);
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (auto p : touched) {
            auto ct = count_.find(p);
            if (ct != count_.end() && ct->second > 0 && p != key) {
                heap_.push({ct->second, ~p});
            }
        }
    }

  private:
    struct Word {
        std::vector<int> sym;
        int64_t count;
    };

    void mergeInWord(int wi, int a, int b, int id, std::vector<uint64_t>& touched) {
        auto& w = words_[size_t(wi)];
        auto& s = w.sym;
        bool has = false;
        for (size_t k = 0; k + 1 < s.size() && !has; ++k) {
            has = s[k] == a && s[k + 1] == b;
        }
        if (!has) {
            return;
        }
        for (size_t k = 0; k + 1 < s.size(); ++k) {
            auto p = pairKey(s[k], s[k + 1]);
            count_[p] -= w.count;
            touched.push_back(p);
        }
        std::vector<int> merged;
        for (size_t k = 0; k < s.size(); ++k) {
            if (k + 1 < s.size() && s[k] == a && s[k + 1] == b) {
                merged.push_back(id);
                ++k;
            } else {
                merged.push_back(s[k]);
            }
        }
        s = std::move(merged);
        for (size_t k = 0; k + 1 < s.size(); ++k) {
            auto p = pairKey(s[k], s[k + 1]);
            count_[p] += w.count;
            where_[p].push_back(wi);
            touched.push_back(p);
        }
    }

    std::vector<Word> words_;
    std::unordered_map<uint64_t, int64_t> count_;
    std::unordered_map<uint64_t, std::vector<int>> where_;
    std::priority_queue<std::pair<int64_t, uint64_t>> heap_;
};

} // namespace

BpeTokenizer BpeTokenizer::train(const std::unordered_map<std::string, int64_t>& piece_counts,
                                 int vocab_size, const Progress& progress) {
    if (vocab_size < 258 || vocab_size > 65536) {
        throw ConfigError("model.vocab_size", "a byte-level BPE vocabulary needs 258..65536 ids");
    }
    PairCounts pairs(piece_counts);
    BpeTokenizer tok;
    tok.vocab_size_ = vocab_size;
    const int wanted = vocab_size - 257;
    while (int(tok.merges_.size()) < wanted) {
        const auto key = pairs.popBest();
        if (!key) {
            break;
        }
        const int id = 256 + int(tok.merges_.size());
        tok.merges_.push_back({int(*key >> 32), int(uint32_t(*key))});
        pairs.merge(*key, id);
        if (progress && tok.merges_.size() % 256 == 0) {
            progress(int(tok.merges_.size()), wanted);
        }
    }
    tok.buildTables();
    return tok;
}

void BpeTokenizer::buildTables() {
    rank_.clear();
    bytes_of_.assign(size_t(vocab_size_), "");
    for (int i = 0; i < 256; ++i) {
        bytes_of_[size_t(i)] = std::string(1, char(i));
    }
    for (size_t m = 0; m < merges_.size(); ++m) {
        rank_[pairKey(merges_[m].first, merges_[m].second)] = int(m);
        bytes_of_[256 + m] =
            bytes_of_[size_t(merges_[m].first)] + bytes_of_[size_t(merges_[m].second)];
    }
    bytes_of_[size_t(vocab_size_ - 1)] = "";
    cache_.clear();
}

std::vector<uint16_t> BpeTokenizer::encodePiece(const std::string& piece) const {
    std::vector<int> s(piece.begin(), piece.end());
    for (auto& x : s) {
        x = int(static_cast<unsigned char>(x));
    }
    while (s.size() > 1) {
        int best = -1;
        for (size_t k = 0; k + 1 < s.size(); ++k) {
            auto it = rank_.find(pairKey(s[k], s[k + 1]));
            if (it != rank_.end() && (best < 0 || it->second < best)) {
                best = it->second;
            }
        }
        if (best < 0) {
            break;
        }
        const auto [a, b] = merges_[size_t(best)];
        std::vector<int> merged;
        for (size_t k = 0; k < s.size(); ++k) {
            if (k + 1 < s.size() && s[k] == a && s[k + 1] == b) {
                merged.push_back(256 + best);
                ++k;
            } else {
                merged.push_back(s[k]);
            }
        }
        s = std::move(merged);
    }
    return std::vector<uint16_t>(s.begin(), s.end());
}

std::vector<uint16_t> BpeTokenizer::encode(const std::string& text) const {
    std::vector<uint16_t> out;
    for (const auto& piece : pretokenize(text)) {
        auto it = cache_.find(piece);
        if (it == cache_.end()) {
            if (cache_.size() > 2'000'000) {
                cache_.clear();
            }
            it = cache_.emplace(piece, encodePiece(piece)).first;
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

std::string BpeTokenizer::decode(const std::vector<uint16_t>& ids) const {
    std::string out;
    for (auto id : ids) {
        if (id < bytes_of_.size()) {
            out += bytes_of_[id];
        }
    }
    return out;
}

nlohmann::json BpeTokenizer::toJson() const {
    nlohmann::json merges = nlohmann::json::array();
    for (const auto& [a, b] : merges_) {
        merges.push_back({a, b});
    }
    return {{"type", "byte-bpe"}, {"vocab_size", vocab_size_}, {"eod", eod()}, {"merges", merges}};
}

BpeTokenizer BpeTokenizer::fromJson(const nlohmann::json& j) {
    BpeTokenizer t;
    try {
        t.vocab_size_ = j.at("vocab_size").get<int>();
        for (const auto& m : j.at("merges")) {
            t.merges_.push_back({m.at(0).get<int>(), m.at(1).get<int>()});
        }
    } catch (const nlohmann::json::exception& e) {
        throw UserError(std::string("tokenizer file is malformed: ") + e.what());
    }
    if (int(t.merges_.size()) > t.vocab_size_ - 257) {
        throw UserError("tokenizer file has more merges than its vocabulary allows");
    }
    t.buildTables();
    return t;
}

void BpeTokenizer::save(const std::filesystem::path& path) const {
    writeFileAtomic(path, toJson().dump() + "\n");
}

BpeTokenizer BpeTokenizer::load(const std::filesystem::path& path) {
    auto j = nlohmann::json::parse(readFile(path), nullptr, false);
    if (j.is_discarded()) {
        throw UserError("tokenizer '" + path.string() +
                        "' is not valid JSON; prepare the data again");
    }
    return fromJson(j);
}

} // namespace rs
