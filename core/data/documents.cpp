#include "core/data/documents.h"
#include "core/data/text_cleaning.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <unordered_set>

namespace fs = std::filesystem;

namespace rs {

namespace {

std::vector<fs::path> filesUnder(const fs::path& dir, const std::vector<std::string>& suffixes) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file()) {
            continue;
        }
        const auto name = it->path().filename().string();
        for (const auto& s : suffixes) {
            if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
                out.push_back(it->path());
                break;
            }
        }
    }
    std::sort(out.begin(), out.end()); // directory order is not stable across filesystems
    return out;
}

} // namespace

std::string gunzipFile(const fs::path& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
        throw UserError("cannot open '" + path.string() + "'");
    }
    std::string out;
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.append(buf, size_t(n));
    }
    gzclose(f);
    if (n < 0) {
        throw UserError("'" + path.string() + "' is not valid gzip data");
    }
    return out;
}

std::vector<std::string> splitFortunes(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    auto emit = [&] {
        // Attribution lines ("\t\t-- Mark Twain") are not part of the quote.
        std::string kept;
        size_t start = 0;
        while (start < cur.size()) {
            size_t end = cur.find('\n', start);
            std::string line =
                cur.substr(start, end == std::string::npos ? std::string::npos : end - start);
            std::string trimmed = collapseWhitespace(line);
            if (trimmed.rfind("--", 0) != 0 && trimmed.rfind("—", 0) != 0) {
                kept += line + "\n";
            }
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
        for (auto& p : paragraphsFromPlain(kept)) {
            out.push_back(p);
        }
        cur.clear();
    };
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line == "%") {
            emit();
        } else {
            cur += line + "\n";
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    emit();
    return out;
}

std::vector<Document> readFortunes(const fs::path& dir) {
    std::vector<Document> docs;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        const auto ext = e.path().extension().string();
        if (e.is_regular_file() && ext.empty()) { // the .dat index and .u8 links are skipped
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        docs.push_back({"", "", f.filename().string(), splitFortunes(readFile(f))});
    }
    return docs;
}

std::vector<std::string> swordBlocks(const std::string& bzs, const std::string& bzz) {
    // zText block index: per block {u32 offset, u32 compressed size, u32 uncompressed size}.
    std::vector<std::string> blocks;
    for (size_t i = 0; i + 12 <= bzs.size(); i += 12) {
        uint32_t off = 0, size = 0, usize = 0;
        std::memcpy(&off, bzs.data() + i, 4);
        std::memcpy(&size, bzs.data() + i + 4, 4);
        std::memcpy(&usize, bzs.data() + i + 8, 4);
        if (size == 0) {
            continue;
        }
        if (uint64_t(off) + size > bzz.size()) {
            throw UserError("SWORD block index points past the end of the text file");
        }
        std::string out(usize + 1, '\0');
        uLongf out_len = usize + 1;
        int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &out_len,
                            reinterpret_cast<const Bytef*>(bzz.data() + off), size);
        if (rc != Z_OK) {
            throw UserError("SWORD block " + std::to_string(i / 12) + " does not decompress");
        }
        out.resize(out_len);
        blocks.push_back(out);
    }
    return blocks;
}

std::vector<Document> readSwordZText(const fs::path& module_dir) {
    std::vector<Document> docs;
    for (const char* testament : {"ot", "nt"}) {
        auto bzs = module_dir / (std::string(testament) + ".bzs");
        if (!fs::exists(bzs)) {
            continue;
        }
        auto blocks =
            swordBlocks(readFile(bzs), readFile(module_dir / (std::string(testament) + ".bzz")));
        for (size_t b = 0; b < blocks.size(); ++b) { // BlockType=BOOK: one block per book
            docs.push_back({"", "", std::string(testament) + "-book" + std::to_string(b),
                            paragraphsFromOsis(blocks[b])});
        }
    }
    if (docs.empty()) {
        throw UserError("no SWORD zText files (ot.bzs/nt.bzs) in '" + module_dir.string() + "'");
    }
    return docs;
}

std::vector<Document> readMarkupTree(const fs::path& dir, const std::string& format) {
    std::vector<Document> docs;
    std::vector<std::string> suffixes =
        format == "rst-gz" ? std::vector<std::string>{".rst.gz"}
        : format == "rst"  ? std::vector<std::string>{".rst.txt", ".rst"}
        : format == "pod"  ? std::vector<std::string>{".pod"}
                           : std::vector<std::string>{".html", ".htm"};
    for (const auto& f : filesUnder(dir, suffixes)) {
        const std::string text = format == "rst-gz" ? gunzipFile(f) : readFile(f);
        auto paras = format == "pod"    ? paragraphsFromPod(text)
                     : format == "html" ? paragraphsFromHtml(text)
                                        : paragraphsFromRst(text);
        docs.push_back({"", "", fs::relative(f, dir).string(), std::move(paras)});
    }
    return docs;
}

std::vector<Document> readSotuJson(const fs::path& dir) {
    std::vector<Document> docs;
    for (const auto& f : filesUnder(dir, {".json"})) {
        auto j = nlohmann::json::parse(readFile(f), nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("text")) {
            continue;
        }
        docs.push_back(
            {"", "", f.filename().string(), paragraphsFromPlain(j["text"].get<std::string>())});
    }
    return docs;
}

std::vector<Document> readOwnData(const fs::path& path) {
    std::vector<Document> docs;
    if (fs::is_directory(path)) {
        for (const auto& f : filesUnder(path, {".txt", ".md"})) {
            docs.push_back(
                {"own", "own", fs::relative(f, path).string(), paragraphsFromPlain(readFile(f))});
        }
    } else if (fs::is_regular_file(path)) {
        std::ifstream in(path);
        std::string line;
        size_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.empty()) {
                continue;
            }
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.is_object() || !j.contains("text") ||
                !j["text"].is_string()) {
                throw UserError(
                    "'" + path.string() + "' line " + std::to_string(n) +
                    " is not a JSON object with a \"text\" string (JSON Lines expected)");
            }
            docs.push_back({"own", "own", "line" + std::to_string(n),
                            paragraphsFromPlain(j["text"].get<std::string>())});
        }
    } else {
        throw UserError("own data '" + path.string() +
                        "' not found: give a folder of .txt/.md files or a .jsonl file");
    }
    if (docs.empty()) {
        throw UserError("own data '" + path.string() + "' holds no .txt/.md files or lines");
    }
    return docs;
}

void cleanDocuments(std::vector<Document>& docs) {
    std::unordered_set<std::string> seen;
    for (auto& d : docs) {
        std::vector<std::string> kept;
        for (auto& p : d.paragraphs) {
            if (keepParagraph(p) && seen.insert(p).second) {
                kept.push_back(std::move(p));
            }
        }
        d.paragraphs = std::move(kept);
    }
    docs.erase(std::remove_if(docs.begin(), docs.end(),
                              [](const Document& d) { return d.paragraphs.empty(); }),
               docs.end());
}

} // namespace rs
