#include "store/experiment.h"

#include "spectral/probe.h"
#include "store/npy.h"
#include "util/error.h"
#include "util/files.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace rs {

namespace fs = std::filesystem;

namespace {

double number(const Json& j) {
    if (j.is_number()) {
        return j.get<double>();
    }
    if (j.is_string()) {
        const auto s = j.get<std::string>();
        if (s == "inf") {
            return std::numeric_limits<double>::infinity();
        }
        if (s == "-inf") {
            return -std::numeric_limits<double>::infinity();
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::filesystem::file_time_type mtime(const fs::path& p) {
    std::error_code ec;
    auto t = fs::last_write_time(p, ec);
    return ec ? fs::file_time_type{} : t;
}

// Calls `row` with the comma-separated cells of every data line holding at least `min_cells`;
// a torn, foreign or unparsable line is skipped.
template <typename Row> void forEachCsvRow(const fs::path& path, int min_cells, const Row& row) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::vector<std::string> cells;
        for (std::string c; std::getline(ss, c, ',');) {
            cells.push_back(c);
        }
        if (!line.empty() && line.back() == ',') {
            cells.emplace_back(); // a trailing empty cell
        }
        if (int(cells.size()) < min_cells) {
            continue;
        }
        try {
            row(cells);
        } catch (const std::exception&) {
        }
    }
}

// run,checkpoint,strategy,fraction,draw,loss,ppl,acc
std::vector<SurgeryRow> readSweepCsv(const fs::path& path) {
    std::vector<SurgeryRow> rows;
    forEachCsvRow(path, 8, [&](const std::vector<std::string>& c) {
        rows.push_back({c[2], std::stod(c[3]), std::stoi(c[4]), std::stod(c[5]), std::stod(c[6]),
                        std::stod(c[7])});
    });
    return rows;
}

// run,checkpoint,layer,kv_head,dim,gamma,loss,delta_loss,tokens (gamma empty without QK-Norm)
std::vector<AblationRow> readAblationCsv(const fs::path& path) {
    std::vector<AblationRow> rows;
    forEachCsvRow(path, 8, [&](const std::vector<std::string>& c) {
        rows.push_back({std::stoi(c[2]), std::stoi(c[3]), std::stoi(c[4]),
                        c[5].empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(c[5]),
                        std::stod(c[7])});
    });
    return rows;
}

template <typename T> void sortByCheckpoint(std::vector<T>& v) {
    std::sort(v.begin(), v.end(),
              [](const T& a, const T& b) { return a.checkpoint < b.checkpoint; });
}

} // namespace

ProbeSummary ProbeSummary::fromJson(const Json& j) {
    ProbeSummary p;
    p.tokens = j.value("tokens", int64_t(0));
    p.valid = j.value("valid", true);
    p.seconds = j.value("seconds", 0.0);
    for (const auto& r : j.value("representations", Json::array())) {
        RepresentationMetric m;
        m.layer = r.value("layer", 0);
        m.head = r.value("head", 0);
        m.qk = r.value("qk", std::string("k")).front();
        m.tap = r.value("tap", std::string());
        const Json metrics = r.value("metrics", Json::object()); // items() needs a live object
        // Older probes wrote 0 for an invalid representation: read every metric as missing.
        const bool valid = metrics.value("valid", true);
        for (const auto& [k, v] : metrics.items()) {
            if (k != "valid") {
                m.values[k] = valid ? number(v) : std::numeric_limits<double>::quiet_NaN();
            }
        }
        p.layers = std::max(p.layers, m.layer + 1);
        p.reps.push_back(std::move(m));
    }
    for (const auto& g : j.value("gammas", Json::array())) {
        GammaSummary s;
        s.layer = g.value("layer", 0);
        s.head = g.value("head", 0);
        s.qk = g.value("qk", std::string("k")).front();
        s.mean = number(g.value("mean", Json()));
        s.std = number(g.value("std", Json()));
        s.cv = number(g.value("cv", Json()));
        s.frac_below_10pct = g.value("frac_below_10pct", 0.0);
        if (g.contains("spearman_abs_gamma_contribution")) {
            s.spearman = number(g["spearman_abs_gamma_contribution"]);
        }
        s.spearman_pregain = number(g.value("spearman_abs_gamma_pregain", Json()));
        const char* overlaps[3] = {"overlap_25", "overlap_50", "overlap_75"};
        for (int i = 0; i < 3; ++i) {
            s.overlap[i] = number(g.value(overlaps[i], Json()));
        }
        p.gammas.push_back(s);
    }
    return p;
}

int ProbeSummary::heads(char qk) const {
    int h = 0;
    for (const auto& r : reps) {
        if (r.qk == qk) {
            h = std::max(h, r.head + 1);
        }
    }
    return h;
}

double ProbeSummary::value(char qk, const std::string& tap, const std::string& metric, int layer,
                           int head) const {
    double sum = 0.0;
    int n = 0;
    for (const auto& r : reps) {
        if (r.qk != qk || r.tap != tap || (layer >= 0 && r.layer != layer) ||
            (head >= 0 && r.head != head)) {
            continue;
        }
        auto it = r.values.find(metric);
        if (it == r.values.end()) {
            continue;
        }
        // A single representation may be +inf (condition of a rank-deficient K); a mean skips
        // non-finite values so one dead head does not hide the others.
        if (layer >= 0 && head >= 0) {
            return it->second;
        }
        if (std::isfinite(it->second)) {
            sum += it->second;
            ++n;
        }
    }
    return n ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

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
    return p ? p->value('k', "normed", "pr", -1, -1) : std::numeric_limits<double>::quiet_NaN();
}

RunFollower::RunFollower(fs::path dir) : rd_(dir), metrics_(rd_.metricsJsonl()) {
    snap_.dir = dir;
    snap_.name = dir.filename().string();
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
    try {
        auto p = ProbeSummary::fromJson(
            Json::parse(readFile(probeDir(rd_.root(), tokens) / "summary.json")));
        auto it = std::find_if(snap_.probes.begin(), snap_.probes.end(),
                               [&](const ProbeSummary& x) { return x.tokens >= tokens; });
        if (it != snap_.probes.end() && it->tokens == tokens) {
            *it = std::move(p);
        } else {
            snap_.probes.insert(it, std::move(p));
        }
        return true;
    } catch (const std::exception&) {
        return false; // being written right now: the next poll finds it
    }
}

bool RunFollower::poll() {
    bool changed = false;
    if (!snap_.config && fs::exists(rd_.runJson())) {
        try {
            const Json j = rd_.readRunJson();
            snap_.config = RunConfig::fromJson(j.at("config"));
            snap_.cell = j.value("cell", snap_.cell);
            snap_.seed = j.value("seed", snap_.seed);
            if (j.contains("runtime")) {
                snap_.device = j["runtime"].value("device", std::string());
            }
            changed = true;
        } catch (const std::exception&) {
            snap_.config.reset(); // being replaced right now, or foreign: try again next poll
        }
    }
    if (auto t = mtime(rd_.statusJson()); t != status_time_) {
        try {
            if (auto s = rd_.readStatus()) {
                snap_.status = *s;
                status_time_ = t;
                changed = true;
            }
        } catch (const std::exception&) {
        }
    }
    for (const auto& rec : metrics_.poll()) {
        const auto kind = rec.value("kind", std::string());
        const auto tokens = rec.value("tokens", int64_t(0));
        if (kind == "train") {
            snap_.train_loss.push_back({tokens, number(rec.value("loss", Json()))});
            snap_.tokens_per_s = rec.value("tokens_per_s", snap_.tokens_per_s);
            snap_.threads = rec.value("threads", snap_.threads);
        } else if (kind == "checkpoint") {
            snap_.val_loss.push_back({tokens, number(rec.value("val_loss", Json()))});
        } else if (kind == "probe") {
            loadProbe(tokens); // re-probed after a resume: replaced
        } else if (kind == "end") {
            snap_.wall_seconds += rec.value("wall_s", 0.0);
            snap_.sessions += 1;
        } else if (kind == "resume") {
            // Records after the resume point are replayed: drop what the new run rewrites.
            auto drop = [&](std::vector<LossPoint>& v) {
                v.erase(std::remove_if(v.begin(), v.end(),
                                       [&](const LossPoint& p) { return p.tokens > tokens; }),
                        v.end());
            };
            drop(snap_.train_loss);
            drop(snap_.val_loss);
        }
        changed = true;
    }
    // Probes written later by `rankscope-cli probe` do not go through metrics.jsonl.
    const auto probes_dir = rd_.root() / "probes";
    if (fs::is_directory(probes_dir)) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(probes_dir, ec)) {
            const auto name = e.path().filename().string();
            if (name.rfind("ckpt-", 0) != 0 || !fs::exists(e.path() / "summary.json")) {
                continue;
            }
            int64_t tokens = 0;
            try {
                tokens = std::stoll(name.substr(5));
            } catch (const std::exception&) {
                continue;
            }
            if (!snap_.probeAt(tokens)) {
                changed = loadProbe(tokens) || changed;
            }
        }
    }
    const auto surgery_dir = rd_.root() / "surgery";
    if (auto t = mtime(surgery_dir); fs::is_directory(surgery_dir) && t != surgery_time_) {
        surgery_time_ = t;
        snap_.surgery.clear();
        snap_.ablations.clear();
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(surgery_dir, ec)) {
            const auto name = e.path().filename().string();
            const auto ends = [&](const std::string& tail) {
                return name.size() > tail.size() &&
                       name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
            };
            if (name.rfind("ckpt-", 0) != 0) {
                continue;
            }
            try {
                const int64_t checkpoint = std::stoll(name.substr(5));
                if (ends("-sweep.csv")) {
                    snap_.surgery.push_back({checkpoint, readSweepCsv(e.path())});
                } else if (ends("-ablation.csv")) {
                    snap_.ablations.push_back({checkpoint, readAblationCsv(e.path())});
                }
            } catch (const std::exception&) {
            }
        }
        sortByCheckpoint(snap_.surgery);
        sortByCheckpoint(snap_.ablations);
        changed = true;
    }
    return changed;
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
    const auto exp = root_ / "experiment.json";
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
        if (runs_.count(name) ||
            (!fs::exists(e.path() / "status.json") && !fs::exists(e.path() / "run.json"))) {
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

std::vector<double> Spectra::at(size_t layer, size_t head) const {
    if (shape.size() != 3 || layer >= shape[0] || head >= shape[1]) {
        return {};
    }
    const size_t d = shape[2];
    const auto* p = data.data() + (layer * shape[1] + head) * d;
    return {p, p + d};
}

Spectra readSpectra(const fs::path& run_dir, int64_t tokens, const std::string& name) {
    Spectra s;
    const auto path = probeDir(run_dir, tokens) / (name + ".npy");
    if (!fs::exists(path)) {
        return s;
    }
    try {
        s.data = readNpy(path, &s.shape);
    } catch (const UserError&) {
        s = {};
    }
    return s;
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
