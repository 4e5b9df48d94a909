#include "core/analysis/trajectory.h"

#include "core/analysis/statistics.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace rs {

namespace {

// Least-squares SSE of y on the columns of X.
double sse(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, Eigen::VectorXd* coef = nullptr) {
    const Eigen::VectorXd b = X.colPivHouseholderQr().solve(y);
    if (coef) {
        *coef = b;
    }
    return (X * b - y).squaredNorm();
}

std::vector<double> logTokens(const std::vector<double>& tokens) {
    double ref = 0;
    for (double t : tokens) {
        if (t > 0 && (ref == 0 || t < ref)) {
            ref = t;
        }
    }
    ref = ref > 0 ? ref : 1.0;
    std::vector<double> x;
    for (double t : tokens) {
        x.push_back(std::log10(std::max(0.0, t) + ref));
    }
    return x;
}

} // namespace

PhaseTransition detectPhaseTransition(const std::vector<double>& tokens,
                                      const std::vector<double>& yv) {
    PhaseTransition r;
    const int n = int(std::min(tokens.size(), yv.size()));
    if (n < kPhaseMinCheckpoints) {
        return r;
    }
    r.enough_points = true;
    const auto xs = logTokens(tokens);
    Eigen::VectorXd x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = xs[size_t(i)];
        y[i] = yv[size_t(i)];
    }
    const double range = y.maxCoeff() - y.minCoeff();
    if (!(range > 0)) {
        r.best_model = "line";
        return r;
    }
    const double floor2 = std::pow(kPhaseNoiseFloor * range, 2);
    auto bic = [&](double s, int p) {
        return n * std::log((s + n * floor2) / n) + p * std::log(n);
    };

    Eigen::MatrixXd L(n, 2);
    L.col(0).setOnes();
    L.col(1) = x;
    const double bic_line = bic(sse(L, y), 2);

    double bic_hinge = std::numeric_limits<double>::infinity();
    for (int k = 1; k < n - 1; ++k) { // at least two points on each side of the bend
        Eigen::MatrixXd H(n, 3);
        H.leftCols(2) = L;
        for (int i = 0; i < n; ++i) {
            H(i, 2) = std::max(0.0, x[i] - x[k]);
        }
        bic_hinge = std::min(bic_hinge, bic(sse(H, y), 4));
    }

    double bic_step = std::numeric_limits<double>::infinity();
    int best_k = -1;
    double best_s = 0;
    for (int k = 1; k < n; ++k) { // the jump lies between checkpoints k-1 and k
        Eigen::MatrixXd S(n, 3);
        S.leftCols(2) = L;
        for (int i = 0; i < n; ++i) {
            S(i, 2) = i >= k ? 1.0 : 0.0;
        }
        Eigen::VectorXd coef;
        const double b = bic(sse(S, y, &coef), 4);
        if (b < bic_step) {
            bic_step = b;
            best_k = k;
            best_s = coef[2];
        }
    }
    const double smooth = std::min(bic_line, bic_hinge);
    r.best_model = bic_step < smooth ? "step" : (bic_hinge < bic_line ? "hinge" : "line");
    r.delta_bic = smooth - bic_step;
    r.magnitude = best_s;
    r.relative = std::abs(best_s) / range;
    r.onset_tokens = tokens[size_t(best_k)];
    r.before_tokens = tokens[size_t(best_k - 1)];
    r.detected = r.best_model == "step" && r.delta_bic > kPhaseMinDeltaBic && best_s < 0 &&
                 r.relative >= kPhaseMinDrop;
    return r;
}

double rankLossCoupling(const std::vector<double>& tokens, const std::vector<double>& pr,
                        const std::vector<double>& loss) {
    const size_t n = std::min({tokens.size(), pr.size(), loss.size()});
    const auto x = logTokens(tokens);
    std::vector<double> dp, dl, mid;
    for (size_t i = 1; i < n; ++i) {
        const double dx = x[i] - x[i - 1];
        if (!(dx > 0) || !(tokens[i - 1] > 0) || !std::isfinite(pr[i]) ||
            !std::isfinite(pr[i - 1]) || !std::isfinite(loss[i]) || !std::isfinite(loss[i - 1])) {
            continue;
        }
        dp.push_back((pr[i] - pr[i - 1]) / dx);
        dl.push_back((loss[i] - loss[i - 1]) / dx);
        mid.push_back(0.5 * (x[i] + x[i - 1]));
    }
    if (dp.size() < 4) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // Partial out the interval's position in log tokens: residuals of each slope on it.
    auto residuals = [&](const std::vector<double>& y) {
        Eigen::MatrixXd X(y.size(), 2);
        Eigen::VectorXd v(y.size());
        for (size_t i = 0; i < y.size(); ++i) {
            X(Eigen::Index(i), 0) = 1.0;
            X(Eigen::Index(i), 1) = mid[i];
            v(Eigen::Index(i)) = y[i];
        }
        Eigen::VectorXd b;
        sse(X, v, &b);
        const Eigen::VectorXd r = v - X * b;
        return std::vector<double>(r.data(), r.data() + r.size());
    };
    return stats::pearson(residuals(dp), residuals(dl));
}

SmoothFit fitSmooth(const std::vector<double>& tokens, const std::vector<double>& yv) {
    SmoothFit f;
    const int n = int(std::min(tokens.size(), yv.size()));
    if (n < 4) {
        f.fitted.assign(yv.begin(), yv.begin() + n);
        return f;
    }
    const auto xs = logTokens(tokens);
    Eigen::VectorXd y(n);
    Eigen::MatrixXd L(n, 2);
    for (int i = 0; i < n; ++i) {
        y[i] = yv[size_t(i)];
        L(i, 0) = 1.0;
        L(i, 1) = xs[size_t(i)];
    }
    Eigen::VectorXd b;
    double best_sse = sse(L, y, &b),
           best_bic = n * std::log(best_sse / n + 1e-300) + 2 * std::log(n);
    Eigen::VectorXd fitted = L * b;
    int p = 2;
    for (int k = 1; k < n - 1; ++k) {
        Eigen::MatrixXd H(n, 3);
        H.leftCols(2) = L;
        for (int i = 0; i < n; ++i) {
            H(i, 2) = std::max(0.0, xs[size_t(i)] - xs[size_t(k)]);
        }
        const double s = sse(H, y, &b);
        const double bic = n * std::log(s / n + 1e-300) + 4 * std::log(n);
        if (bic < best_bic) {
            best_bic = bic;
            best_sse = s;
            fitted = H * b;
            p = 4;
        }
    }
    f.fitted.assign(fitted.data(), fitted.data() + n);
    f.noise_sd = std::sqrt(best_sse / std::max(1, n - p));
    return f;
}

double dropDetectionPower(const std::vector<double>& tokens, const std::vector<double>& smooth,
                          double noise_sd, double drop, int trials, uint64_t seed) {
    const size_t n = std::min(tokens.size(), smooth.size());
    if (n < size_t(kPhaseMinCheckpoints) || trials < 1) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, noise_sd);
    int found = 0;
    for (int t = 0; t < trials; ++t) {
        const size_t k = 1 + size_t(rng() % (n - 1));
        std::vector<double> y(n);
        for (size_t i = 0; i < n; ++i) {
            y[i] = smooth[i] + (noise_sd > 0 ? noise(rng) : 0.0) - (i >= k ? drop : 0.0);
        }
        found += detectPhaseTransition(tokens, y).detected ? 1 : 0;
    }
    return double(found) / double(trials);
}

} // namespace rs
