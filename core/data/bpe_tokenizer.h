#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rs {

// Byte-level BPE of our own. Chosen over SentencePiece because Debian's libsentencepiece
// bundles a protobuf that crashes any process also linking LibTorch: with our own tokenizer
// the trainer, the probe and the data pipeline share one process and one vocabulary with no
// dlopen tricks. Every byte is a token (ids 0..255), so nothing is ever out of vocabulary;
// ids 256.. are merges in training order; the last id is the end-of-document marker.
class BpeTokenizer {
  public:
    using Progress = std::function<void(int done, int total)>;

    // Learns vocab_size - 257 merges from pre-tokenized pieces with their counts. Ties in pair
    // frequency are broken by the smaller pair, so training is deterministic.
    static BpeTokenizer train(const std::unordered_map<std::string, int64_t>& piece_counts,
                              int vocab_size, const Progress& progress = {});
    // Splits text into pieces: a word (letters, UTF-8 included) or a number with its leading
    // space, a run of punctuation, or whitespace. Merges never cross pieces.
    static std::vector<std::string> pretokenize(const std::string& text);

    std::vector<uint16_t> encode(const std::string& text) const;
    std::string decode(const std::vector<uint16_t>& ids) const;
    int vocabSize() const { return vocab_size_; }
    uint16_t eod() const { return uint16_t(vocab_size_ - 1); }
    size_t mergeCount() const { return merges_.size(); }

    nlohmann::json toJson() const;
    static BpeTokenizer fromJson(const nlohmann::json& j);
    void save(const std::filesystem::path& path) const;
    static BpeTokenizer load(const std::filesystem::path& path);

  private:
    void buildTables();
    std::vector<uint16_t> encodePiece(const std::string& piece) const;

    int vocab_size_ = 257;
    std::vector<std::pair<int, int>> merges_;
    std::unordered_map<uint64_t, int> rank_;
    std::vector<std::string> bytes_of_;
    mutable std::unordered_map<std::string, std::vector<uint16_t>> cache_;
};

} // namespace rs
