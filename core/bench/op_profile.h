#pragma once

#include <functional>
#include <string>
#include <vector>

namespace rs {

// Self time of one operation (LibTorch's profiler: time inside it minus time in the
// operations it called), summed over the profiled steps.
struct OpTime {
    std::string name;
    double self_ms = 0.0;
    int64_t calls = 0;
};

struct OpProfile {
    std::vector<OpTime> ops; // descending self time
    double total_ms = 0.0;   // wall time of the profiled steps
    int steps = 0;
    double matrixMs() const; // the matrix products' self time (mm, bmm, addmm, baddbmm)
};

// An operation's name as printed: a fused operation's backward node as "<Function> backward".
std::string displayName(const std::string& op);

// Whether an operation is a matrix product.
bool isMatrixProduct(const std::string& op);

// Runs `step` `steps` times under LibTorch's CPU profiler and aggregates self times by name.
OpProfile profileSteps(int steps, const std::function<void()>& step);

} // namespace rs
