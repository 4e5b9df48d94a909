#include "core/spectral/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rs {

Eigen::VectorXd singularValues(const Eigen::MatrixXd& a) {
    if (a.rows() == 0 || a.cols() == 0) {
        return Eigen::VectorXd();
    }
    if (a.rows() <= a.cols()) {
        return Eigen::JacobiSVD<Eigen::MatrixXd>(a).singularValues();
    }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    const Eigen::MatrixXd r = qr.matrixQR().topRows(a.cols()).triangularView<Eigen::Upper>();
    return Eigen::JacobiSVD<Eigen::MatrixXd>(r).singularValues();
}

Eigen::VectorXd singularValuesGram(const Eigen::MatrixXd& a) {
    const Eigen::MatrixXd g = a.transpose() * a;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(g, Eigen::EigenvaluesOnly);
    Eigen::VectorXd ev = es.eigenvalues().reverse(); // descending
    return ev.cwiseMax(0.0).cwiseSqrt();
}

double participationRatio(const Eigen::VectorXd& s) {
    const double sq = s.squaredNorm();
    return sq > 0 ? s.sum() * s.sum() / sq : 0.0;
}

double entropyRank(const Eigen::VectorXd& s) {
    const double total = s.sum();
    if (total <= 0) {
        return 0.0;
    }
    double h = 0.0;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
        const double p = s[i] / total;
        if (p > 0) {
            h -= p * std::log(p);
        }
    }
    return std::exp(h);
}

int energyRank(const Eigen::VectorXd& s, double tau) {
    const double total = s.squaredNorm();
    if (total <= 0) {
        return 0;
    }
    double acc = 0.0;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
        acc += s[i] * s[i];
        // Relative slack so that tau = 1 is reached despite rounding.
        if (acc >= tau * total * (1.0 - 1e-12)) {
            return int(i + 1);
        }
    }
    return int(s.size());
}

double conditionNumber(const Eigen::VectorXd& s) {
    if (s.size() == 0 || s[0] <= 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double smin = s[s.size() - 1];
    return smin > 0 ? s[0] / smin : std::numeric_limits<double>::infinity();
}

double stableRank(const Eigen::VectorXd& s) {
    return s.size() > 0 && s[0] > 0 ? s.squaredNorm() / (s[0] * s[0]) : 0.0;
}

double covarianceParticipationRatio(const Eigen::MatrixXd& a) {
    if (a.rows() < 2) {
        return 0.0;
    }
    // Eigenvalues of the d x d scatter matrix directly: their absolute error is ~1e-16 of the
    // largest, and (sum l)^2 / sum l^2 is dominated by the large ones, so the fast symmetric
    // solver is exact to ~d * 1e-16 here (unlike the condition number, which uses QR + SVD).
    const Eigen::MatrixXd centred = a.rowwise() - a.colwise().mean();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(centred.transpose() * centred,
                                                      Eigen::EigenvaluesOnly);
    const Eigen::VectorXd lambda = es.eigenvalues().cwiseMax(0.0);
    const double sq = lambda.squaredNorm();
    return sq > 0 ? lambda.sum() * lambda.sum() / sq : 0.0;
}

SpectrumMetrics spectrumMetrics(const Eigen::VectorXd& s, double tau) {
    SpectrumMetrics m;
    m.valid = s.size() > 0 && s.allFinite();
    if (!m.valid) {
        return m;
    }
    m[Metric::PR] = participationRatio(s);
    m[Metric::EntropyRank] = entropyRank(s);
    m[Metric::EnergyRank90] = energyRank(s, tau);
    m[Metric::Condition] = conditionNumber(s);
    m[Metric::StableRank] = stableRank(s);
    return m;
}

SpectrumMetrics representationMetrics(const Eigen::MatrixXd& a, Eigen::VectorXd* sigma_out,
                                      double tau) {
    if (!a.allFinite()) {
        SpectrumMetrics bad;
        bad.valid = false;
        if (sigma_out) {
            *sigma_out = Eigen::VectorXd::Constant(a.cols(), std::nan(""));
        }
        return bad;
    }
    Eigen::VectorXd s = singularValues(a);
    auto m = spectrumMetrics(s, tau);
    m[Metric::CovPR] = covarianceParticipationRatio(a);
    if (sigma_out) {
        *sigma_out = std::move(s);
    }
    return m;
}

namespace {
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < idx.size();) {
        size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) {
            ++j;
        }
        const double avg = 0.5 * double(i + j) + 1.0;
        for (size_t k = i; k <= j; ++k) {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    return r;
}
} // namespace

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2) {
        return std::nan("");
    }
    auto rx = ranks(x), ry = ranks(y);
    const double n = double(x.size());
    const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
    const double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < rx.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : std::nan("");
}

} // namespace rs
