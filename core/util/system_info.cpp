#include "core/util/system_info.h"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <dlfcn.h>
#include <link.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

namespace rs {

namespace {

int collectObject(dl_phdr_info* info, size_t, void* data) {
    auto* names = static_cast<std::vector<std::string>*>(data);
    if (info->dlpi_name && *info->dlpi_name) {
        names->emplace_back(info->dlpi_name);
    }
    return 0;
}

std::string cpuinfoField(const std::string& key) {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            auto colon = line.find(':');
            return colon == std::string::npos ? "" : line.substr(colon + 2);
        }
    }
    return "";
}

} // namespace

std::string BlasInfo::summary() const {
    if (library.empty()) {
        return "no separate BLAS library loaded";
    }
    std::string s = library + " (" + threading + ")";
    if (!config.empty()) {
        s += " [" + config + "]";
    }
    return s;
}

BlasInfo detectBlas() {
    std::vector<std::string> objects;
    dl_iterate_phdr(collectObject, &objects);
    BlasInfo info;
    for (const auto& name : objects) {
        auto file = std::filesystem::path(name).filename().string();
        if (file.rfind("libblas.so", 0) == 0 || file.rfind("libopenblas", 0) == 0) {
            std::error_code ec;
            auto real = std::filesystem::canonical(name, ec);
            info.library = ec ? name : real.string();
            break;
        }
    }
    using ConfigFn = char* (*)();
    using ParallelFn = int (*)();
    auto config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    auto parallel = reinterpret_cast<ParallelFn>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
    if (config) {
        info.config = config();
    }
    info.threading = "unknown";
    if (parallel) {
        int p = parallel();
        info.threading = p == 2 ? "openmp" : p == 1 ? "pthread" : "sequential";
    } else if (!info.library.empty()) {
        info.threading = "sequential";
    }
    // Debian's reference BLAS lives in .../blas/libblas.so.3 and exports no openblas_* symbols.
    info.is_reference = !info.library.empty() && !config &&
                        info.library.find("openblas") == std::string::npos &&
                        info.library.find("mkl") == std::string::npos &&
                        info.library.find("blis") == std::string::npos;
    return info;
}

bool cpuHasBf16() {
    std::istringstream flags(cpuinfoField("flags"));
    std::string f;
    while (flags >> f) {
        if (f == "avx512_bf16" || f == "amx_bf16") {
            return true;
        }
    }
    return false;
}

std::string cpuModelName() {
    auto name = cpuinfoField("model name");
    return name.empty() ? "unknown CPU" : name;
}

unsigned availableCores() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

double physicalMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? double(pages) * double(size) : 0.0;
}

std::string hostName() {
    char host[256] = "?";
    ::gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    return host;
}

bool localProcessGone(std::string_view pid) {
    int id = 0;
    const auto [end, ec] = std::from_chars(pid.data(), pid.data() + pid.size(), id);
    if (ec != std::errc() || end != pid.data() + pid.size() || id <= 0) {
        return false; // not a process id: nothing is known of it
    }
    return ::kill(pid_t(id), 0) != 0 && errno == ESRCH; // EPERM: alive, another user's
}

} // namespace rs
