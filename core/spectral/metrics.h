#pragma once

#include <Eigen/Dense>

#include <limits>
#include <vector>

namespace rs {

// Rank metrics of an N x d representation, all in double. Pure functions.
struct SpectrumMetrics {
    double participation_ratio = 0.0; // (sum s)^2 / sum s^2, the study's definition
    double covariance_pr = 0.0; // (sum l)^2 / sum l^2, l = eigenvalues of the centred covariance
    double entropy_rank = 0.0;  // exp(-sum p log p), p = s / sum s (Roy & Vetterli)
    int energy_rank = 0;        // smallest r with sum_{i<=r} s_i^2 / sum s^2 >= tau
    double condition = 0.0;     // s_1 / s_d; +inf when s_d == 0
    double stable_rank = 0.0;   // ||A||_F^2 / s_1^2
    bool valid = true;          // false for non-finite input (a diverged model)
};

// Singular values, descending, through a Householder QR of A and a Jacobi SVD of R: the
// accuracy of a full SVD (small singular values to high relative accuracy, which the
// condition number needs) at the cost of a d x d problem.
Eigen::VectorXd singularValues(const Eigen::MatrixXd& a);
// Independent route: square roots of the eigenvalues of the d x d Gram matrix A^T A. Fast, but
// relative accuracy of small values degrades with the square of the condition number.
Eigen::VectorXd singularValuesGram(const Eigen::MatrixXd& a);

// Metrics that depend only on the singular values (descending, non-negative).
SpectrumMetrics spectrumMetrics(const Eigen::VectorXd& sigma, double tau = 0.90);
double participationRatio(const Eigen::VectorXd& sigma);
double entropyRank(const Eigen::VectorXd& sigma);
int energyRank(const Eigen::VectorXd& sigma, double tau);
double conditionNumber(const Eigen::VectorXd& sigma);
double stableRank(const Eigen::VectorXd& sigma);
// (sum l)^2 / sum l^2 of the covariance of the column-centred matrix.
double covarianceParticipationRatio(const Eigen::MatrixXd& a);

// All metrics of a representation matrix (rows = tokens).
SpectrumMetrics representationMetrics(const Eigen::MatrixXd& a, Eigen::VectorXd* sigma_out,
                                      double tau = 0.90);

// Spearman rank correlation (ties get average ranks); NaN when either side is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

} // namespace rs
