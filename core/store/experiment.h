#pragma once

#include "core/config/run_config.h"
#include "core/store/follower.h"
#include "core/store/probe_record.h"
#include "core/store/run_dir.h"
#include "core/store/surgery_record.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rs {

// Everything the workbench and the report read from an experiment folder, as plain values.
// Written by any process (the GUI's workers, rankscope-cli, a cluster job); read and followed
// here without locks: files are appended or replaced atomically by the writers.

struct LossPoint {
    int64_t tokens = 0;
    double value = 0.0;
};

struct RunSnapshot {
    std::string name; // directory name, e.g. "A1-s0"
    std::filesystem::path dir;
    std::string cell;
    uint64_t seed = 0;
    std::optional<RunConfig> config; // absent until the run has started (run.json)
    Json data = Json::object();      // run.json's data record (sample, sources, hashes)
    RunStatus status;
    std::vector<LossPoint> train_loss, val_loss;
    double tokens_per_s = 0.0;
    int threads = 0;                   // CPU threads in the latest train record (0: not recorded)
    std::vector<ProbeSummary> probes;  // ascending tokens
    std::vector<SurgerySweep> surgery; // ascending checkpoint
    std::vector<SurgeryAblation> ablations; // ascending checkpoint
    std::string device;
    double wall_seconds = 0.0; // summed over the sessions that recorded it ("end" records)
    int sessions = 0;
    // Files (or lines) left out because they are damaged: what, keyed by where. Figures, the
    // report and export show these, so a left-out checkpoint never passes unnoticed.
    std::map<std::string, std::string> problems;

    std::vector<int64_t> checkpointTokens() const;
    const ProbeSummary* probeAt(int64_t tokens) const;
    const ProbeSummary* lastProbe() const;
    double meanKeyPR() const; // mean PR of K after QK-Norm at the last probe, NaN if none
};

// Reads one run directory and follows it as it grows. poll() returns true when anything changed.
class RunFollower {
  public:
    explicit RunFollower(std::filesystem::path dir);
    bool poll();
    const RunSnapshot& snapshot() const { return snap_; }

  private:
    // Reads probes/ckpt-<tokens>/summary.json into the sorted list (replacing a re-probe).
    bool loadProbe(int64_t tokens);
    bool pollRunJson();
    bool pollStatus();
    bool markIfProcessGone();
    bool pollMetrics();
    bool pollProbes();
    bool pollSurgery();

    RunDir rd_;
    RunSnapshot snap_;
    MetricsFollower metrics_;
    std::filesystem::file_time_type status_time_{}, surgery_time_{};
};

// An experiment folder: every subfolder holding status.json or run.json is a run (order from
// experiment.json when present, then by name). New runs appearing later are picked up.
class ExperimentFollower {
  public:
    explicit ExperimentFollower(std::filesystem::path root);
    bool poll();
    const std::filesystem::path& root() const { return root_; }
    std::vector<const RunSnapshot*> runs() const;
    const RunSnapshot* run(const std::string& name) const;

  private:
    std::filesystem::path root_;
    std::vector<std::string> order_;
    std::map<std::string, std::unique_ptr<RunFollower>> runs_;
};

// Runs sharing a cell, e.g. {"A1": [A1-s0, A1-s1]}; runs without a cell are their own group.
// Every run's problems as "run: what", for warnings and the report.
std::vector<std::string> problemsOf(const std::vector<const RunSnapshot*>& runs);

std::map<std::string, std::vector<const RunSnapshot*>>
groupByCell(const std::vector<const RunSnapshot*>& runs);

} // namespace rs
