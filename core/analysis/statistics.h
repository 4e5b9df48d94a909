#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace rs::stats {

// Pure functions over small samples (seeds per cell are few): every result can be checked by
// hand or by enumeration.

double mean(const std::vector<double>& x);
// Sample standard deviation (n - 1); 0 for fewer than two values.
double sd(const std::vector<double>& x);

struct Interval {
    double lo = 0.0, hi = 0.0;
};

// Student t distribution: CDF and quantile for any df > 0 (fractional df for Welch).
double studentTCdf(double t, double df);
double studentTQuantile(double p, double df);

// Intervals with correct coverage at small n (normal data): mean ± t_{df} · SE. NaN bounds when
// a group has fewer than two values (no spread to estimate).
// One-sample t interval of the mean (df = n - 1).
Interval tMeanCI(const std::vector<double>& x, double level = 0.95);
// Welch interval of mean(a) - mean(b) (Welch–Satterthwaite df).
Interval welchDiffCI(const std::vector<double>& a, const std::vector<double>& b,
                     double level = 0.95);
// Welch-type interval of the 2x2 interaction (a1 - a2) - (b1 - b2).
Interval welchInteractionCI(const std::vector<double>& a1, const std::vector<double>& a2,
                            const std::vector<double>& b1, const std::vector<double>& b2,
                            double level = 0.95);

// Equivalence of two means within ±margin by two one-sided Welch t tests (TOST): H0 "the
// difference is at most −margin" and H0 "at least +margin", each rejected at level alpha; p is
// the larger one-sided p, and equivalence holds when p < alpha, i.e. when the (1 − 2α) Welch
// interval lies inside (−margin, +margin). NaN p below two values per group or margin <= 0.
struct TostResult {
    double margin = 0.0, alpha = 0.05;
    double p_lower = 1.0, p_upper = 1.0, p = std::numeric_limits<double>::quiet_NaN();
    Interval ci; // the (1 − 2α) Welch interval of mean(a) − mean(b)
    bool equivalent = false;
};
TostResult welchTost(const std::vector<double>& a, const std::vector<double>& b, double margin,
                     double alpha = 0.05);

// The smallest p-value a test could give with these group sizes: below alpha or the test cannot
// reject whatever the data. Two-sided permutation: 2 / C(na + nb, na) for equal groups (the two
// extreme labellings), 1 / C(na + nb, na) otherwise; paired sign-flip: 2 / 2^n.
double smallestPermutationP(int na, int nb);
double smallestSignFlipP(int n);

struct PermutationResult {
    double p = 1.0;
    bool exact = true; // every relabelling enumerated
    int64_t permutations = 0;
};

// Two-sided permutation test of mean(a) - mean(b): the share of relabellings whose |difference|
// is at least the observed one (the observed labelling included, so p >= 1/permutations).
// Exact enumeration up to `max_exact` relabellings, else `monte_carlo` seeded draws.
PermutationResult permutationTest(const std::vector<double>& a, const std::vector<double>& b,
                                  uint64_t seed, int64_t max_exact = 200000,
                                  int monte_carlo = 20000);
// Paired two-sided sign-flip test of mean(d) (e.g. final minus first checkpoint per run):
// exact over all 2^n sign patterns up to n = `max_exact_n`, else `monte_carlo` seeded draws
// (the observed pattern counted, so p >= 1 / (draws + 1)).
PermutationResult signFlipTest(const std::vector<double>& d, uint64_t seed = 0,
                               int max_exact_n = 20, int monte_carlo = 20000);

// Holm step-down adjusted p-values, in the input order.
std::vector<double> holm(const std::vector<double>& p);

// Pearson correlation; NaN when either side is constant or sizes differ.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Trapezoidal area of y over x (x ascending).
double trapezoid(const std::vector<double>& x, const std::vector<double>& y);

} // namespace rs::stats
