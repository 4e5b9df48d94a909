#include "core/store/run_layout.h"

#include <cstdio>

namespace rs {

namespace {

std::string markName(int64_t tokens) {
    char name[32];
    std::snprintf(name, sizeof name, "ckpt-%012lld", static_cast<long long>(tokens));
    return name;
}

// "ckpt-<digits><tail>" -> digits; nullopt when the name has another form.
std::optional<int64_t> markOf(const std::string& name, const std::string& tail) {
    const std::string head = "ckpt-";
    if (name.size() <= head.size() + tail.size() || name.rfind(head, 0) != 0 ||
        name.compare(name.size() - tail.size(), tail.size(), tail) != 0) {
        return std::nullopt;
    }
    const auto digits = name.substr(head.size(), name.size() - head.size() - tail.size());
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoll(digits);
}

} // namespace

RunLayout::RunLayout(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path RunLayout::checkpointPath(int64_t tokens) const {
    return checkpointDir() / (markName(tokens) + ".pt");
}

std::filesystem::path RunLayout::probeDir(int64_t tokens) const {
    return probesDir() / markName(tokens);
}

std::filesystem::path RunLayout::probeSummary(int64_t tokens) const {
    return probeDir(tokens) / "summary.json";
}

std::filesystem::path RunLayout::probeArray(int64_t tokens, const std::string& name) const {
    return probeDir(tokens) / (name + ".npy");
}

std::filesystem::path RunLayout::sweepCsv(int64_t tokens) const {
    return surgeryDir() / ("ckpt-" + std::to_string(tokens) + "-sweep.csv");
}

std::filesystem::path RunLayout::ablationCsv(int64_t tokens) const {
    return surgeryDir() / ("ckpt-" + std::to_string(tokens) + "-ablation.csv");
}

std::filesystem::path RunLayout::partialSweepCsv(int64_t tokens) const {
    return surgeryDir() / ("partial-ckpt-" + std::to_string(tokens) + ".csv");
}

std::optional<int64_t> RunLayout::checkpointTokens(const std::string& file_name) {
    // Exactly ckpt-<12 digits>.pt: resume.pt and foreign files are not marks.
    if (file_name.size() != 20) {
        return std::nullopt;
    }
    return markOf(file_name, ".pt");
}

std::optional<int64_t> RunLayout::probeTokens(const std::string& dir_name) {
    if (dir_name.size() != 17) {
        return std::nullopt;
    }
    return markOf(dir_name + "/", "/");
}

std::optional<RunLayout::SurgeryName> RunLayout::surgeryFile(const std::string& file_name) {
    if (auto t = markOf(file_name, "-sweep.csv")) {
        return SurgeryName{SurgeryFile::Sweep, *t};
    }
    if (auto t = markOf(file_name, "-ablation.csv")) {
        return SurgeryName{SurgeryFile::Ablation, *t};
    }
    return std::nullopt;
}

bool ExperimentLayout::isRun(const std::filesystem::path& dir) {
    std::error_code ec;
    const RunLayout run(dir);
    return std::filesystem::exists(run.statusJson(), ec) ||
           std::filesystem::exists(run.runJson(), ec);
}

} // namespace rs
