#include "core/store/experiment.h"

#include "core/store/locks.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace rs {

namespace fs = std::filesystem;

namespace {

std::filesystem::file_time_type mtime(const fs::path& p) {
    std::error_code ec;
    auto t = fs::last_write_time(p, ec);
    return ec ? fs::file_time_type{} : t;
}

// One point per token count, ascending: a later record for the same tokens replaces the earlier.
void setPoint(std::vector<LossPoint>& v, LossPoint p) {
    auto it = std::lower_bound(v.begin(), v.end(), p.tokens,
                               [](const LossPoint& a, int64_t t) { return a.tokens < t; });
    if (it != v.end() && it->tokens == p.tokens) {
        *it = p;
    } else {
        v.insert(it, p);
    }
}

} // namespace

std::vector<int64_t> RunSnapshot::checkpointTokens() const {
    std::vector<int64_t> t;
    for (const auto& p : probes) {
        t.push_back(p.tokens);
    }
    return t;
}

const ProbeSummary* RunSnapshot::probeAt(int64_t tokens) const {
    for (const auto& p : probes) {
        if (p.tokens == tokens) {
            return &p;
        }
    }
    return nullptr;
}

const ProbeSummary* RunSnapshot::lastProbe() const {
    return probes.empty() ? nullptr : &probes.back();
}

double RunSnapshot::meanKeyPR() const {
    const auto* p = lastProbe();
    return p ? p->value(QK::K, Tap::Normed, Metric::PR, -1, -1) : kNaN;
}

RunFollower::RunFollower(fs::path dir) : rd_(dir), metrics_(rd_.metricsJsonl()) {
    snap_.dir = dir;
    snap_.name = rd_.name();
    // "A1-s0" names its cell and seed even before run.json exists.
    if (auto dash = snap_.name.rfind("-s"); dash != std::string::npos) {
        snap_.cell = snap_.name.substr(0, dash);
        try {
            snap_.seed = std::stoull(snap_.name.substr(dash + 2));
        } catch (const std::exception&) {
        }
    }
}

bool RunFollower::loadProbe(int64_t tokens) {
    const auto where = rd_.probeSummary(tokens).string();
    try {
        auto p = readProbeSummary(rd_, tokens);
        snap_.problems.erase(where);
        auto it = std::find_if(snap_.probes.begin(), snap_.probes.end(),
                               [&](const ProbeSummary& x) { return x.tokens >= tokens; });
        if (it != snap_.probes.end() && it->tokens == tokens) {
            *it = std::move(p);
        } else {
            snap_.probes.insert(it, std::move(p));
        }
        return true;
    } catch (const UserError& e) { // damaged: left out, said, and tried again next poll
        const bool known = snap_.problems.count(where) > 0;
        snap_.problems[where] =
            "probe at " + std::to_string(tokens) + " tokens left out: " + e.what();
        return !known;
    } catch (const std::exception&) {
        return false; // being written right now: the next poll finds it
    }
}

bool RunFollower::poll() {
    bool changed = pollRunJson();
    changed = pollStatus() || changed;
    changed = pollMetrics() || changed;
    changed = pollProbes() || changed;
    return pollSurgery() || changed;
}

bool RunFollower::pollRunJson() {
    if (snap_.config || !fs::exists(rd_.runJson())) {
        return false;
    }
    try {
        const auto r = rd_.readRunRecord();
        snap_.config = r.config;
        snap_.data = r.data;
        snap_.cell = r.cell;
        snap_.seed = r.seed;
        snap_.device = r.device();
        snap_.problems.erase(rd_.runJson().string());
        return true;
    } catch (const UserError& e) {
        snap_.config.reset();
        snap_.problems[rd_.runJson().string()] = e.what();
        return false;
    } catch (const std::exception&) {
        snap_.config.reset(); // being replaced right now, or foreign: try again next poll
        return false;
    }
}

bool RunFollower::pollStatus() {
    const auto t = mtime(rd_.statusJson());
    if (t == status_time_) {
        return markIfProcessGone();
    }
    try {
        if (auto s = rd_.readStatus()) {
            snap_.status = *s;
            status_time_ = t;
            markIfProcessGone();
            return true;
        }
    } catch (const std::exception&) {
    }
    return false;
}

// A run whose process was killed (SIGKILL, power cut) still says "running": shown as stopped,
// with how to continue it. status.json itself is left to the next session of the run.
bool RunFollower::markIfProcessGone() {
    if (snap_.status.state != RunState::Running || !runProcessGone(rd_)) {
        return false;
    }
    snap_.status.state = RunState::Cancelled;
    snap_.status.last_error = "its process ended without saving a status (killed?); give the "
                              "same command again to continue from its last checkpoint";
    return true;
}

bool RunFollower::pollMetrics() {
    bool changed = false;
    for (const auto& line : metrics_.poll()) {
        std::optional<MetricRecord> rec;
        try {
            rec = metricRecordFromJson(line.json);
        } catch (const UserError& e) {
            snap_.problems[rd_.metricsJsonl().string() + ":" + std::to_string(line.line)] =
                "line " + std::to_string(line.line) + " of metrics.jsonl left out: " + e.what();
            changed = true;
            continue;
        }
        if (!rec) {
            continue; // a kind this version does not know
        }
        changed = true;
        if (const auto* t = std::get_if<TrainRecord>(&*rec)) {
            snap_.train_loss.push_back({t->tokens, t->loss});
            snap_.tokens_per_s = t->tokens_per_s;
            snap_.threads = t->threads ? t->threads : snap_.threads;
        } else if (const auto* c = std::get_if<CheckpointRecord>(&*rec)) {
            setPoint(snap_.val_loss, {c->tokens, c->val_loss}); // a mark completed on resume
        } else if (const auto* p = std::get_if<ProbeRecord>(&*rec)) {
            loadProbe(p->tokens); // re-probed after a resume: replaced
        } else if (const auto* e = std::get_if<EndRecord>(&*rec)) {
            snap_.wall_seconds += e->wall_s;
            snap_.sessions += 1;
        } else if (const auto* r = std::get_if<ResumeRecord>(&*rec)) {
            // Records after the resume point are replayed: drop what the new run rewrites.
            auto drop = [&](std::vector<LossPoint>& v) {
                v.erase(std::remove_if(v.begin(), v.end(),
                                       [&](const LossPoint& p) { return p.tokens > r->tokens; }),
                        v.end());
            };
            drop(snap_.train_loss);
            drop(snap_.val_loss);
        }
    }
    return changed;
}

// Probes written later by `rankscope-cli probe` do not go through metrics.jsonl.
bool RunFollower::pollProbes() {
    bool changed = false;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(rd_.probesDir(), ec)) {
        const auto tokens = RunLayout::probeTokens(e.path().filename().string());
        if (tokens && !snap_.probeAt(*tokens) && fs::exists(rd_.probeSummary(*tokens))) {
            changed = loadProbe(*tokens) || changed;
        }
    }
    return changed;
}

bool RunFollower::pollSurgery() {
    const auto t = mtime(rd_.surgeryDir());
    if (!fs::is_directory(rd_.surgeryDir()) || t == surgery_time_) {
        return false;
    }
    surgery_time_ = t;
    auto files = readSurgeryFiles(rd_);
    snap_.surgery = std::move(files.sweeps);
    snap_.ablations = std::move(files.ablations);
    return true;
}

ExperimentFollower::ExperimentFollower(fs::path root) : root_(std::move(root)) {
    if (!fs::is_directory(root_)) {
        throw UserError("experiment folder '" + root_.string() +
                        "' does not exist; choose a folder written by the run matrix "
                        "(rankscope-cli matrix --out DIR or the GUI)");
    }
}

bool ExperimentFollower::poll() {
    bool changed = false;
    const auto exp = ExperimentLayout(root_).experimentJson();
    if (fs::exists(exp)) {
        try {
            std::vector<std::string> order;
            for (const auto& n : Json::parse(readFile(exp)).value("runs", Json::array())) {
                order.push_back(n.get<std::string>());
            }
            changed = changed || order != order_;
            order_ = std::move(order);
        } catch (const std::exception&) {
        }
    }
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec)) {
        if (!e.is_directory()) {
            continue;
        }
        const auto name = e.path().filename().string();
        if (runs_.count(name) || !ExperimentLayout::isRun(e.path())) {
            continue;
        }
        runs_[name] = std::make_unique<RunFollower>(e.path());
        changed = true;
    }
    for (auto& [name, f] : runs_) {
        changed = f->poll() || changed;
    }
    return changed;
}

std::vector<const RunSnapshot*> ExperimentFollower::runs() const {
    std::vector<const RunSnapshot*> out;
    std::set<std::string> seen;
    for (const auto& n : order_) {
        if (auto it = runs_.find(n); it != runs_.end()) {
            out.push_back(&it->second->snapshot());
            seen.insert(n);
        }
    }
    for (const auto& [n, f] : runs_) {
        if (!seen.count(n)) {
            out.push_back(&f->snapshot());
        }
    }
    return out;
}

const RunSnapshot* ExperimentFollower::run(const std::string& name) const {
    auto it = runs_.find(name);
    return it == runs_.end() ? nullptr : &it->second->snapshot();
}

std::vector<std::string> problemsOf(const std::vector<const RunSnapshot*>& runs) {
    std::vector<std::string> out;
    for (const auto* r : runs) {
        for (const auto& [where, what] : r->problems) {
            out.push_back(r->name + ": " + what);
        }
    }
    return out;
}

std::map<std::string, std::vector<const RunSnapshot*>>
groupByCell(const std::vector<const RunSnapshot*>& runs) {
    std::map<std::string, std::vector<const RunSnapshot*>> g;
    for (const auto* r : runs) {
        g[r->cell.empty() ? r->name : r->cell].push_back(r);
    }
    return g;
}

} // namespace rs
