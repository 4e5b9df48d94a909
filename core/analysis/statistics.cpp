#include "core/analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace rs::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; ++i) {
        r = r * double(n - k + i) / double(i);
    }
    return r;
}

// Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz), using the
// symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
double betaContinuedFraction(double a, double b, double x) {
    constexpr double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / (std::abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        const double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        for (int half = 0; half < 2; ++half) {
            d = 1.0 + num * d;
            d = 1.0 / (std::abs(d) < tiny ? tiny : d);
            c = 1.0 + num / (std::abs(c) < tiny ? tiny : c);
            h *= d * c;
            if (half == 0) {
                num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
            }
        }
        if (std::abs(d * c - 1.0) < 1e-15) {
            break;
        }
    }
    return h;
}

double incompleteBeta(double a, double b, double x) {
    if (x <= 0) {
        return 0.0;
    }
    if (x >= 1) {
        return 1.0;
    }
    const double lnFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        return std::exp(lnFront) * betaContinuedFraction(a, b, x) / a;
    }
    return 1.0 - std::exp(lnFront) * betaContinuedFraction(b, a, 1.0 - x) / b;
}

double variance(const std::vector<double>& x) {
    const double s = sd(x);
    return s * s;
}

// Standard error and Welch–Satterthwaite df from per-group variance terms v_i = s_i² / n_i;
// NaN when a group has fewer than two values, se 0 when there is no spread at all.
struct SeDf {
    double se = kNaN, df = kNaN;
};
SeDf welchSeDf(const std::vector<std::pair<double, int>>& terms) {
    double v = 0, denom = 0;
    for (const auto& [var_over_n, n] : terms) {
        if (n < 2) {
            return {};
        }
        v += var_over_n;
        denom += var_over_n * var_over_n / double(n - 1);
    }
    return {std::sqrt(v), v > 0 ? v * v / denom : kNaN};
}

// mean ± t · se with Welch–Satterthwaite df.
Interval welchInterval(double centre, const std::vector<std::pair<double, int>>& terms,
                       double level) {
    const auto [se, df] = welchSeDf(terms);
    if (std::isnan(se)) {
        return {kNaN, kNaN};
    }
    if (!(se > 0)) {
        return {centre, centre}; // no spread at all: the interval is the point
    }
    const double half = studentTQuantile(0.5 + level / 2.0, df) * se;
    return {centre - half, centre + half};
}

std::vector<std::pair<double, int>> twoGroupTerms(const std::vector<double>& a,
                                                  const std::vector<double>& b) {
    return {{variance(a) / double(a.size()), int(a.size())},
            {variance(b) / double(b.size()), int(b.size())}};
}

} // namespace

double studentTCdf(double t, double df) {
    // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2) = 1 - I_{t²/(df+t²)}(1/2, df/2); the argument
    // nearer 0 keeps precision (near t = 0, df/(df+t²) rounds to 1).
    const double t2 = t * t;
    const double beyond = t2 < df ? 1.0 - incompleteBeta(0.5, df / 2.0, t2 / (df + t2))
                                  : incompleteBeta(df / 2.0, 0.5, df / (df + t2));
    const double tail = 0.5 * beyond; // P(T > |t|)
    return t >= 0 ? 1.0 - tail : tail;
}

double studentTQuantile(double p, double df) {
    if (!(p > 0 && p < 1) || !(df > 0)) {
        return kNaN;
    }
    // Bisection on the monotone CDF: 200 halvings reach double precision from any bracket.
    double lo = -1.0, hi = 1.0;
    while (studentTCdf(lo, df) > p) {
        lo *= 2.0;
    }
    while (studentTCdf(hi, df) < p) {
        hi *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * std::max(1.0, std::abs(hi)); ++i) {
        const double mid = 0.5 * (lo + hi);
        (studentTCdf(mid, df) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

Interval tMeanCI(const std::vector<double>& x, double level) {
    return welchInterval(mean(x), {{variance(x) / double(x.size()), int(x.size())}}, level);
}

Interval welchDiffCI(const std::vector<double>& a, const std::vector<double>& b, double level) {
    return welchInterval(mean(a) - mean(b), twoGroupTerms(a, b), level);
}

TostResult welchTost(const std::vector<double>& a, const std::vector<double>& b, double margin,
                     double alpha) {
    TostResult r;
    r.margin = margin;
    r.alpha = alpha;
    const auto [se, df] = welchSeDf(twoGroupTerms(a, b));
    if (std::isnan(se) || !(margin > 0)) {
        return r;
    }
    const double d = mean(a) - mean(b);
    r.ci = welchDiffCI(a, b, 1.0 - 2.0 * alpha);
    if (!(se > 0)) { // no spread: inside or outside the margin for certain
        r.p_lower = r.p_upper = std::abs(d) < margin ? 0.0 : 1.0;
    } else {
        r.p_lower = 1.0 - studentTCdf((d + margin) / se, df); // H0: d <= -margin
        r.p_upper = studentTCdf((d - margin) / se, df);       // H0: d >= +margin
    }
    r.p = std::max(r.p_lower, r.p_upper);
    r.equivalent = r.p < alpha;
    return r;
}

Interval welchInteractionCI(const std::vector<double>& a1, const std::vector<double>& a2,
                            const std::vector<double>& b1, const std::vector<double>& b2,
                            double level) {
    std::vector<std::pair<double, int>> terms;
    for (const auto* g : {&a1, &a2, &b1, &b2}) {
        terms.push_back({variance(*g) / double(g->size()), int(g->size())});
    }
    return welchInterval((mean(a1) - mean(a2)) - (mean(b1) - mean(b2)), terms, level);
}

double smallestPermutationP(int na, int nb) {
    if (na < 1 || nb < 1) {
        return 1.0;
    }
    const double c = binomial(na + nb, na);
    return std::min(1.0, (na == nb ? 2.0 : 1.0) / c);
}

double smallestSignFlipP(int n) {
    return n < 1 ? 1.0 : std::min(1.0, 2.0 / std::pow(2.0, n));
}

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

PermutationResult signFlipTest(const std::vector<double>& d, uint64_t seed, int max_exact_n,
                               int monte_carlo) {
    PermutationResult r;
    const int n = int(d.size());
    if (n == 0) {
        return r;
    }
    const double observed = std::abs(mean(d));
    const double tol = 1e-12 * std::max(1.0, observed);
    if (n > std::min(max_exact_n, 30)) {
        std::mt19937_64 rng(seed);
        int64_t extreme = 1; // the observed pattern
        for (int m = 0; m < monte_carlo; ++m) {
            double s = 0;
            for (int i = 0; i < n; ++i) {
                s += (rng() & 1) ? -d[size_t(i)] : d[size_t(i)];
            }
            extreme += std::abs(s / n) >= observed - tol ? 1 : 0;
        }
        r.p = double(extreme) / double(monte_carlo + 1);
        r.permutations = monte_carlo + 1;
        r.exact = false;
        return r;
    }
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
