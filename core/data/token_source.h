#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rs {

// A read-only stream of token ids. Training needs nothing else from the data pipeline.
class TokenSource {
  public:
    virtual ~TokenSource() = default;
    virtual int64_t size() const = 0;
    virtual const uint16_t* data() const = 0;
    virtual std::string describe() const = 0;
};

class MemoryTokenSource : public TokenSource {
  public:
    explicit MemoryTokenSource(std::vector<uint16_t> tokens, std::string name = "memory");
    int64_t size() const override { return int64_t(tokens_.size()); }
    const uint16_t* data() const override { return tokens_.data(); }
    std::string describe() const override { return name_; }

  private:
    std::vector<uint16_t> tokens_;
    std::string name_;
};

// Token file (.tok): 32-byte header {magic "RSTOK001", u64 count, u64 fnv1a64 of the payload,
// u32 vocab_size, u32 reserved} then count little-endian uint16 ids. Memory-mapped; the
// checksum is verified on open so a corrupted or truncated file is named, never trained on.
class TokenFile : public TokenSource {
  public:
    explicit TokenFile(const std::filesystem::path& path);
    ~TokenFile() override;
    TokenFile(const TokenFile&) = delete;
    TokenFile& operator=(const TokenFile&) = delete;

    int64_t size() const override { return count_; }
    const uint16_t* data() const override { return tokens_; }
    std::string describe() const override { return path_.string(); }
    uint32_t vocabSize() const { return vocab_; }
    uint64_t checksum() const { return checksum_; }

    static void write(const std::filesystem::path& path, const std::vector<uint16_t>& tokens,
                      uint32_t vocab_size);

  private:
    std::filesystem::path path_;
    void* map_ = nullptr;
    size_t map_size_ = 0;
    const uint16_t* tokens_ = nullptr;
    int64_t count_ = 0;
    uint64_t checksum_ = 0;
    uint32_t vocab_ = 0;
};

uint64_t fnv1a64(const void* data, size_t bytes);

} // namespace rs
