#include "core/analysis/data_answers.h"

#include <cmath>
#include <set>

namespace rs {

using namespace analysis;

std::vector<DataAnswer::SourcePair> DataAnswer::sourcePairs() const {
    std::map<std::string, SourcePair> by;
    for (const auto& [src, f] : share_a) {
        by[src].a = f;
    }
    for (const auto& [src, f] : share_b) {
        by[src].b = f;
    }
    std::vector<SourcePair> out;
    for (auto& [src, p] : by) {
        p.source = src;
        out.push_back(p);
    }
    return out;
}

std::map<std::string, double> sourceShares(const Json& tokens_by_source) {
    std::map<std::string, double> share;
    double total = 0.0;
    if (!tokens_by_source.is_object()) {
        return share;
    }
    for (const auto& [src, n] : tokens_by_source.items()) {
        share[src] = n.get<double>();
        total += n.get<double>();
    }
    for (auto& [src, v] : share) {
        v = total > 0 ? v / total : 0.0;
    }
    return share;
}

namespace {

const RunConfig* firstConfig(const CellGroups& groups, const std::string& cell) {
    auto it = groups.find(cell);
    if (it == groups.end()) {
        return nullptr;
    }
    for (const auto* r : it->second) {
        if (r->config) {
            return &*r->config;
        }
    }
    return nullptr;
}

// Runs of the cell, those with their own sample, distinct samples, the split's source shares.
void describeCell(const std::vector<const RunSnapshot*>& runs, int& n, int& sampled, int& distinct,
                  std::map<std::string, double>& share, double& fraction) {
    std::set<std::string> hashes;
    for (const auto* r : runs) {
        ++n;
        if (share.empty()) {
            share = sourceShares(r->data.value("train_tokens_by_source", Json()));
        }
        const auto sample = r->data.value("sample", Json());
        if (sample.is_object()) {
            ++sampled;
            hashes.insert(sample.value("fnv1a64", Json()).dump());
            fraction = sample.value("fraction", fraction);
        }
    }
    distinct = int(hashes.size());
}

std::string pct(double f) {
    return fmt("%.0f", 100.0 * f) + " %";
}

std::string sharesText(const std::map<std::string, double>& share) {
    std::string s;
    for (const auto& [src, f] : share) {
        s += (s.empty() ? "" : ", ") + src + " " + pct(f);
    }
    return s;
}

void widest(DataAnswer& d) {
    for (const auto& p : d.sourcePairs()) {
        if (std::abs(p.a - p.b) > d.widest_gap) {
            d.widest_gap = std::abs(p.a - p.b);
            d.widest_source = p.source;
        }
    }
}

std::string samplesText(const DataAnswer& d) {
    if (d.sampled_a == 0 && d.sampled_b == 0) {
        return " Every run of a cell trained on the same documents (seeds change the "
               "initialisation and batch order only), so the contrast is between two fixed "
               "corpora.";
    }
    return " Each run trained on its own sample of whole documents drawn by its seed (" +
           pct(d.fraction) + " of the split's tokens): " + d.a + " " + std::to_string(d.sampled_a) +
           " of " + std::to_string(d.runs_a) + " runs (" + std::to_string(d.distinct_a) +
           " distinct samples), " + d.b + " " + std::to_string(d.sampled_b) + " of " +
           std::to_string(d.runs_b) + " (" + std::to_string(d.distinct_b) + " distinct).";
}

std::string ownText(const DataAnswer& d) {
    if (!d.own.available) {
        return " No run of these cells was measured on its own variant's held-out batch.";
    }
    return " On each variant's own held-out batch (the shared batch stays the primary "
           "measurement): " +
           d.a + " − " + d.b + ": " + describeEffect(d.own.overall, d.own.na, d.own.nb) + ".";
}

std::string mixText(const DataAnswer& d) {
    if (d.share_a.empty() || d.share_b.empty()) {
        return "";
    }
    return " Training sources (share of tokens): " + d.a + " " + sharesText(d.share_a) + "; " +
           d.b + " " + sharesText(d.share_b) + "; the largest difference is " + d.widest_source +
           " (" + fmt("%.0f", 100.0 * d.widest_gap) + " points).";
}

// The design's "both significant" sentence no longer holds when the pair's sources differ.
void qualifyAgreement(const ComparisonDesign& cd, const DataAnswer& d, ComparisonSet& set,
                      Comparison& c) {
    if (cd.agrees_with.empty() || d.widest_gap <= kSourceGapLimit || cd.agreement_both.empty()) {
        return;
    }
    const std::string replacement =
        "but " + d.a + " and " + d.b + " also differ in their sources (" + d.widest_source +
        " by " + fmt("%.0f", 100.0 * d.widest_gap) +
        " points), so this pair does not separate complexity from source mix and the effect "
        "is not shown to be independent of genre or source";
    for (auto* text : {&c.claim, &set.data_agreement}) {
        const auto at = text->find(cd.agreement_both);
        if (at != std::string::npos) {
            text->replace(at, cd.agreement_both.size(), replacement);
        }
    }
}

} // namespace

std::vector<DataAnswer> answerData(const CellGroups& groups, const StudyOptions& o,
                                   const StudyDesign& design, ComparisonSet& set) {
    std::vector<DataAnswer> out;
    for (const auto& cd : design.comparisons) {
        const auto* ca = firstConfig(groups, cd.a);
        const auto* cb = firstConfig(groups, cd.b);
        if (!ca || !cb || ca->data.variant == cb->data.variant) {
            continue;
        }
        DataAnswer d;
        d.comparison = cd.id;
        d.a = cd.a;
        d.b = cd.b;
        StudyOptions own = o;
        own.batch = EvalBatch::Own;
        d.own = compareCells(groups, own, cd.id + "@own", cd.question, cd.a, cd.b);
        describeCell(groups.at(cd.a), d.runs_a, d.sampled_a, d.distinct_a, d.share_a, d.fraction);
        describeCell(groups.at(cd.b), d.runs_b, d.sampled_b, d.distinct_b, d.share_b, d.fraction);
        widest(d);
        for (auto& c : set.comparisons) {
            if (c.id == cd.id && c.available) {
                c.claim += samplesText(d) + ownText(d) + mixText(d);
                qualifyAgreement(cd, d, set, c);
            }
        }
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace rs
