#include "core/store/probe_record.h"
#include "core/store/sealed_file.h"

#include "core/store/npy.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <algorithm>
#include <cmath>

namespace rs {

namespace fs = std::filesystem;

Json toJson(const MetricValues& m) {
    Json j = Json::object();
    for (const auto& [metric, name] : kMetricNames) {
        const double v = m[metric];
        // Non-finite activations: no metric exists (null), and a 0 would read as total collapse.
        if (!m.valid) {
            j[name] = nullptr;
        } else if (metric == Metric::EnergyRank90 && std::isfinite(v)) {
            j[name] = int64_t(v); // a count
        } else {
            j[name] = jsonNumber(v);
        }
    }
    j["valid"] = m.valid;
    return j;
}

namespace {

MetricValues metricsFromJson(const Json& j) {
    MetricValues m;
    m.valid = j.value("valid", true);
    for (const auto& [metric, name] : kMetricNames) {
        // Older probes wrote 0 for an invalid representation: read every metric as missing.
        m[metric] = m.valid ? jsonToNumber(j.value(name, Json())) : kNaN;
    }
    return m;
}

Json headJson(int layer, int head, QK qk) {
    return {{"layer", layer}, {"head", head}, {"qk", key(qk)}};
}

template <typename R> void readHead(const Json& j, R& r) {
    r.layer = integerOr(j, "layer", 0);
    r.head = integerOr(j, "head", 0);
    r.qk = qkFromKey(j.value("qk", std::string("k"))).value_or(QK::K);
}

std::string overlapKey(int i) {
    return "overlap_" + std::to_string(int(kOverlapFractions[i] * 100));
}

} // namespace

Json GammaSummary::toJson() const {
    const GammaSummary& g = *this;
    Json e = headJson(g.layer, g.head, g.qk);
    e["mean"] = jsonNumber(g.mean);
    e["std"] = jsonNumber(g.std);
    e["cv"] = jsonNumber(g.cv);
    e["frac_below_10pct"] = g.frac_below_10pct;
    if (g.qk == QK::K) {
        e["spearman_abs_gamma_contribution"] = jsonNumber(g.spearman);
        e["spearman_abs_gamma_pregain"] = jsonNumber(g.spearman_pregain);
        for (int i = 0; i < 3; ++i) {
            e[overlapKey(i)] = jsonNumber(g.overlap[i]);
        }
    }
    return e;
}

namespace {

GammaSummary gammaFromJson(const Json& g) {
    GammaSummary s;
    readHead(g, s);
    s.mean = jsonToNumber(g.value("mean", Json()));
    s.std = jsonToNumber(g.value("std", Json()));
    s.cv = jsonToNumber(g.value("cv", Json()));
    s.frac_below_10pct = g.value("frac_below_10pct", 0.0);
    s.spearman = jsonToNumber(g.value("spearman_abs_gamma_contribution", Json()));
    s.spearman_pregain = jsonToNumber(g.value("spearman_abs_gamma_pregain", Json()));
    for (int i = 0; i < 3; ++i) {
        s.overlap[i] = jsonToNumber(g.value(overlapKey(i), Json()));
    }
    return s;
}

} // namespace

Json jsonNumber(double v) {
    if (std::isinf(v)) {
        return v > 0 ? "inf" : "-inf";
    }
    if (std::isnan(v)) {
        return nullptr;
    }
    return v;
}

double jsonToNumber(const Json& j) {
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
    return kNaN;
}

namespace {

Json repsJson(const std::vector<RepresentationMetric>& reps) {
    Json out = Json::array();
    for (const auto& r : reps) {
        Json e = headJson(r.layer, r.head, r.qk);
        e["tap"] = key(r.tap);
        e["metrics"] = rs::toJson(r.metrics);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<RepresentationMetric> repsFromJson(const Json& j, int& layers) {
    std::vector<RepresentationMetric> out;
    for (const auto& r : j) {
        RepresentationMetric m;
        readHead(r, m);
        const auto tap = tapFromKey(r.value("tap", std::string()));
        if (!tap) {
            continue; // a tap this version does not know
        }
        m.tap = *tap;
        m.metrics = metricsFromJson(r.value("metrics", Json::object()));
        layers = std::max(layers, m.layer + 1);
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace

Json ProbeSummary::toJson() const {
    Json weights_j = Json::array(), gammas_j = Json::array();
    for (const auto& w : weights) {
        Json e = headJson(w.layer, w.head, w.qk);
        e["metrics"] = rs::toJson(w.metrics);
        weights_j.push_back(std::move(e));
    }
    for (const auto& g : gammas) {
        gammas_j.push_back(g.toJson());
    }
    Json j = {{"tokens", tokens},        {"eval_tokens", eval_tokens},
              {"valid", valid},          {"seconds", seconds},
              {"mean_pr", meanPRJson()}, {"representations", repsJson(reps)},
              {"weights", weights_j},    {"gammas", gammas_j}};
    if (!own_reps.empty()) {
        j["own_batch"] = {{"eval_tokens", own_eval_tokens},
                          {"representations", repsJson(own_reps)}};
    }
    return j;
}

ProbeSummary ProbeSummary::fromJson(const Json& j) {
    ProbeSummary p;
    p.tokens = j.value("tokens", int64_t(0));
    p.eval_tokens = j.value("eval_tokens", int64_t(0));
    p.valid = j.value("valid", true);
    p.seconds = j.value("seconds", 0.0);
    p.reps = repsFromJson(j.value("representations", Json::array()), p.layers);
    if (const auto own = j.value("own_batch", Json::object()); !own.empty()) {
        int layers = 0;
        p.own_eval_tokens = own.value("eval_tokens", int64_t(0));
        p.own_reps = repsFromJson(own.value("representations", Json::array()), layers);
    }
    for (const auto& w : j.value("weights", Json::array())) {
        WeightMetric m;
        readHead(w, m);
        m.metrics = metricsFromJson(w.value("metrics", Json::object()));
        p.weights.push_back(std::move(m));
    }
    for (const auto& g : j.value("gammas", Json::array())) {
        p.gammas.push_back(gammaFromJson(g));
    }
    return p;
}

int ProbeSummary::heads(QK qk) const {
    int h = 0;
    for (const auto& r : reps) {
        if (r.qk == qk) {
            h = std::max(h, r.head + 1);
        }
    }
    return h;
}

double ProbeSummary::value(QK qk, Tap tap, Metric metric, int layer, int head,
                           EvalBatch batch) const {
    double sum = 0.0;
    int n = 0;
    for (const auto& r : batch == EvalBatch::Own ? own_reps : reps) {
        if (r.qk != qk || r.tap != tap || (layer >= 0 && r.layer != layer) ||
            (head >= 0 && r.head != head)) {
            continue;
        }
        const double v = r.metrics[metric];
        // A single representation may be +inf (condition of a rank-deficient K); a mean skips
        // non-finite values so one dead head does not hide the others.
        if (layer >= 0 && head >= 0) {
            return v;
        }
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    return n ? sum / n : kNaN;
}

Json ProbeSummary::meanPRJson() const {
    Json mean = Json::object();
    for (const auto& q : kQKNames) {
        for (const auto& t : kTapNames) {
            mean[q.key][t.key] = jsonNumber(value(q.value, t.value, Metric::PR, -1, -1));
        }
    }
    return mean;
}

std::vector<double> Spectra::at(size_t layer, size_t head) const {
    if (shape.size() != 3 || layer >= shape[0] || head >= shape[1]) {
        return {};
    }
    const size_t d = shape[2];
    const auto* p = data.data() + (layer * shape[1] + head) * d;
    return {p, p + d};
}

std::string sigmaArray(QK qk, Tap tap) {
    return std::string("sigma_") + key(qk) + "_" + key(tap);
}

std::string weightSigmaArray(QK qk) {
    return std::string("sigma_w") + key(qk);
}

std::string gammaArray(QK qk) {
    return std::string("gamma_") + key(qk);
}

void writeProbe(const RunLayout& run, const ProbeSummary& summary, const ProbeArrays& arrays) {
    const auto dir = run.probeDir(summary.tokens);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw UserError("cannot create '" + dir.string() + "': " + ec.message());
    }
    for (const auto& [name, s] : arrays) {
        if (!s.empty()) {
            writeNpy(run.probeArray(summary.tokens, name), s.data, s.shape);
        }
    }
    writeSealed(run.probeSummary(summary.tokens), summary.toJson().dump() + "\n");
}

ProbeSummary readProbeSummary(const RunLayout& run, int64_t tokens) {
    const auto path = run.probeSummary(tokens);
    try {
        return ProbeSummary::fromJson(Json::parse(readSealed(path)));
    } catch (const nlohmann::json::exception& e) {
        throw UserError("'" + path.string() + "' is not a probe summary (" + e.what() +
                        "); probe that checkpoint again (rankscope-cli probe)");
    }
}

Spectra readSpectra(const RunLayout& run, int64_t tokens, const std::string& name) {
    Spectra s;
    const auto path = run.probeArray(tokens, name);
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

} // namespace rs
