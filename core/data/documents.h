#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

// One document of running prose: the unit of the train/validation/test split.
struct Document {
    std::string source; // e.g. "linux-doc"
    std::string genre;  // "prose" or "technical"
    std::string id;     // stable within the source (file path, book name, ...)
    std::vector<std::string> paragraphs;
};

// Format readers. Each takes the unpacked tree (or file) and returns cleaned documents.
std::vector<Document> readFortunes(const std::filesystem::path& dir);
std::vector<Document> readSwordZText(const std::filesystem::path& module_dir);
std::vector<Document> readMarkupTree(const std::filesystem::path& dir, const std::string& format);
std::vector<Document> readSotuJson(const std::filesystem::path& dir);
// Researchers' own data: a folder of .txt/.md files, or a JSON Lines file with a "text" field.
std::vector<Document> readOwnData(const std::filesystem::path& path);

// Parsers on in-memory text (the unit-tested cores of the readers above).
std::vector<std::string> splitFortunes(const std::string& file_text);
std::vector<std::string> swordBlocks(const std::string& bzs, const std::string& bzz);
std::string gunzipFile(const std::filesystem::path& path);

// Keeps prose paragraphs (keepParagraph) and drops exact duplicates across all documents.
void cleanDocuments(std::vector<Document>& docs);

} // namespace rs
