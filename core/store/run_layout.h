#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace rs {

// Every path inside one run folder, and the parsing of the names the folder holds. The only
// place that knows the layout; writers and readers ask it.
//
//   run.json            config and provenance (replaced atomically)
//   status.json         state and progress (replaced atomically)
//   metrics.jsonl       one record per line, append-only
//   train.log           the run's log
//   checkpoints/        ckpt-<tokens, 12 digits>.pt at each mark, resume.pt between marks
//   probes/ckpt-<tokens, 12 digits>/   summary.json and spectra as <name>.npy
//   surgery/ckpt-<tokens>-sweep.csv, surgery/ckpt-<tokens>-ablation.csv,
//   surgery/partial-ckpt-<tokens>.csv (a cancelled sweep)
class RunLayout {
  public:
    explicit RunLayout(std::filesystem::path root);
    const std::filesystem::path& root() const { return root_; }
    // "A1-s0": the folder name is the run's name.
    std::string name() const { return root_.filename().string(); }

    std::filesystem::path runJson() const { return root_ / "run.json"; }
    std::filesystem::path statusJson() const { return root_ / "status.json"; }
    std::filesystem::path metricsJsonl() const { return root_ / "metrics.jsonl"; }
    std::filesystem::path logFile() const { return root_ / "train.log"; }

    std::filesystem::path checkpointDir() const { return root_ / "checkpoints"; }
    std::filesystem::path checkpointPath(int64_t tokens) const;
    // Written between marks when a run is stopped; removed when the run finishes.
    std::filesystem::path resumeCheckpoint() const { return checkpointDir() / "resume.pt"; }

    std::filesystem::path probesDir() const { return root_ / "probes"; }
    std::filesystem::path probeDir(int64_t tokens) const;
    std::filesystem::path probeSummary(int64_t tokens) const;
    // One spectrum array of a probe: probes/ckpt-N/<name>.npy.
    std::filesystem::path probeArray(int64_t tokens, const std::string& name) const;

    std::filesystem::path surgeryDir() const { return root_ / "surgery"; }
    std::filesystem::path sweepCsv(int64_t tokens) const;
    std::filesystem::path ablationCsv(int64_t tokens) const;
    // A cancelled sweep keeps its points under another name: never read as a full sweep.
    std::filesystem::path partialSweepCsv(int64_t tokens) const;

    // The token mark a file or folder name stands for; nullopt for names not of that kind.
    static std::optional<int64_t> checkpointTokens(const std::string& file_name);
    static std::optional<int64_t> probeTokens(const std::string& dir_name);
    enum class SurgeryFile { Sweep, Ablation };
    struct SurgeryName {
        SurgeryFile kind;
        int64_t tokens;
    };
    static std::optional<SurgeryName> surgeryFile(const std::string& file_name);

  private:
    std::filesystem::path root_;
};

// The experiment folder: experiment.json (the planned runs, in order) and one run folder each.
class ExperimentLayout {
  public:
    explicit ExperimentLayout(std::filesystem::path root) : root_(std::move(root)) {}
    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path experimentJson() const { return root_ / "experiment.json"; }
    RunLayout run(const std::string& name) const { return RunLayout(root_ / name); }
    // The prepared corpora, the study figures and the report of the main job.
    std::filesystem::path dataDir() const { return root_ / "data"; }
    std::filesystem::path figuresDir() const { return root_ / "figures"; }
    std::filesystem::path reportDir() const { return root_ / "report"; }
    // A folder is a run once its writer has put down status.json or run.json.
    static bool isRun(const std::filesystem::path& dir);

  private:
    std::filesystem::path root_;
};

} // namespace rs
