#pragma once

#include "core/spectral/probe_names.h"

#include <Eigen/Dense>

#include <limits>
#include <vector>

namespace rs {

// Rank metrics of an N x d representation, all in double, by name (core/spectral/probe_names.h
// defines each). Pure functions.
using SpectrumMetrics = MetricValues;

// Singular values, descending, through a Householder QR of A and a Jacobi SVD of R: the
// accuracy of a full SVD (small singular values to high relative accuracy, which the
// condition number needs) at the cost of a d x d problem.
Eigen::VectorXd singularValues(const Eigen::MatrixXd& a);
// Independent route: square roots of the eigenvalues of the d x d Gram matrix A^T A. Fast, but
// relative accuracy of small values degrades with the square of the condition number.
Eigen::VectorXd singularValuesGram(const Eigen::MatrixXd& a);

// Metrics that depend only on the singular values (descending, non-negative): every metric but
// CovPR, which needs the matrix.
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
