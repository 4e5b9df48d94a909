#include "analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace rs::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    if (v.empty()) {
        return kNaN;
    }
    // Linear interpolation between order statistics (NumPy's default "linear" method).
    const double pos = q * double(v.size() - 1);
    const size_t i = size_t(std::floor(pos));
    const double f = pos - double(i);
    return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

double resampleMean(const std::vector<double>& x, std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, x.size() - 1);
    double s = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        s += x[pick(rng)];
    }
    return s / double(x.size());
}

Interval interval(std::vector<double> draws, double level) {
    const double tail = (1.0 - level) / 2.0;
    return {percentile(draws, tail), percentile(draws, 1.0 - tail)};
}

double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; ++i) {
        r = r * double(n - k + i) / double(i);
    }
    return r;
}

} // namespace

double mean(const std::vector<double>& x) {
    if (x.empty()) {
        return kNaN;
    }
    return std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}

double sd(const std::vector<double>& x) {
    if (x.size() < 2) {
        return 0.0;
    }
    const double m = mean(x);
    double s = 0;
    for (double v : x) {
        s += (v - m) * (v - m);
    }
    return std::sqrt(s / double(x.size() - 1));
}

Interval bootstrapMeanCI(const std::vector<double>& x, uint64_t seed, int resamples, double level) {
    if (x.empty()) {
        return {kNaN, kNaN};
    }
    std::mt19937_64 rng(seed);
    std::vector<double> draws(static_cast<size_t>(resamples));
    for (auto& d : draws) {
        d = resampleMean(x, rng);
    }
    return interval(std::move(draws), level);
}

Interval bootstrapDiffCI(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                         int resamples, double level) {
    if (a.empty() || b.empty()) {
        return {kNaN, kNaN};
    }
    std::mt19937_64 rng(seed);
    std::vector<double> draws(static_cast<size_t>(resamples));
    for (auto& d : draws) {
        d = resampleMean(a, rng) - resampleMean(b, rng);
    }
    return interval(std::move(draws), level);
}

Interval bootstrapInteractionCI(const std::vector<double>& a1, const std::vector<double>& a2,
                                const std::vector<double>& b1, const std::vector<double>& b2,
                                uint64_t seed, int resamples, double level) {
    if (a1.empty() || a2.empty() || b1.empty() || b2.empty()) {
        return {kNaN, kNaN};
    }
    std::mt19937_64 rng(seed);
    std::vector<double> draws(static_cast<size_t>(resamples));
    for (auto& d : draws) {
        d = (resampleMean(a1, rng) - resampleMean(a2, rng)) -
            (resampleMean(b1, rng) - resampleMean(b2, rng));
    }
    return interval(std::move(draws), level);
}

PermutationResult permutationTest(const std::vector<double>& a, const std::vector<double>& b,
                                  uint64_t seed, int64_t max_exact, int monte_carlo) {
    PermutationResult r;
    if (a.empty() || b.empty()) {
        return r;
    }
    std::vector<double> all(a);
    all.insert(all.end(), b.begin(), b.end());
    const int n = int(all.size()), na = int(a.size());
    const double total = std::accumulate(all.begin(), all.end(), 0.0);
    const double observed = std::abs(mean(a) - mean(b));
    const double tol = 1e-12 * std::max(1.0, observed);
    auto diffOf = [&](double sum_a) {
        return std::abs(sum_a / na - (total - sum_a) / double(n - na));
    };
    int64_t extreme = 0, count = 0;
    if (binomial(n, na) <= double(max_exact)) {
        // Every subset of size na as group a: walk the combinations in lexicographic order.
        std::vector<int> idx(static_cast<size_t>(na));
        std::iota(idx.begin(), idx.end(), 0);
        while (true) {
            double s = 0;
            for (int i : idx) {
                s += all[size_t(i)];
            }
            ++count;
            extreme += diffOf(s) >= observed - tol ? 1 : 0;
            int k = na - 1;
            while (k >= 0 && idx[size_t(k)] == n - na + k) {
                --k;
            }
            if (k < 0) {
                break;
            }
            ++idx[size_t(k)];
            for (int j = k + 1; j < na; ++j) {
                idx[size_t(j)] = idx[size_t(j - 1)] + 1;
            }
        }
        r.exact = true;
    } else {
        std::mt19937_64 rng(seed);
        extreme = 1; // the observed labelling
        count = 1;
        for (int m = 0; m < monte_carlo; ++m) {
            std::shuffle(all.begin(), all.end(), rng);
            const double s = std::accumulate(all.begin(), all.begin() + na, 0.0);
            ++count;
            extreme += diffOf(s) >= observed - tol ? 1 : 0;
        }
        r.exact = false;
    }
    r.p = double(extreme) / double(count);
    r.permutations = count;
    return r;
}

PermutationResult signFlipTest(const std::vector<double>& d) {
    PermutationResult r;
    const int n = int(d.size());
    if (n == 0 || n > 24) {
        return r; // 2^24 patterns is the most enumerated; seeds per cell are far fewer
    }
    const double observed = std::abs(mean(d));
    const double tol = 1e-12 * std::max(1.0, observed);
    int64_t extreme = 0;
    const int64_t patterns = int64_t(1) << n;
    for (int64_t mask = 0; mask < patterns; ++mask) {
        double s = 0;
        for (int i = 0; i < n; ++i) {
            s += (mask >> i & 1) ? -d[size_t(i)] : d[size_t(i)];
        }
        extreme += std::abs(s / n) >= observed - tol ? 1 : 0;
    }
    r.p = double(extreme) / double(patterns);
    r.permutations = patterns;
    return r;
}

std::vector<double> holm(const std::vector<double>& p) {
    const size_t m = p.size();
    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
    std::vector<double> adj(m);
    double running = 0.0;
    for (size_t k = 0; k < m; ++k) {
        const double v = std::min(1.0, double(m - k) * p[order[k]]);
        running = std::max(running, v); // adjusted p-values never decrease along the order
        adj[order[k]] = running;
    }
    return adj;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2) {
        return kNaN;
    }
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0 || syy <= 0) {
        return kNaN;
    }
    return sxy / std::sqrt(sxx * syy);
}

double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
    double a = 0;
    for (size_t i = 1; i < x.size() && i < y.size(); ++i) {
        a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
    }
    return a;
}

} // namespace rs::stats
