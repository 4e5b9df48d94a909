#pragma once

#include "config/train_config.h"
#include "util/json_fields.h"

#include <string>

namespace rs {

// Where and how a run computes; recorded in run.json.
struct Runtime {
    std::string device = "cpu"; // "cpu" or "cuda"
    bool bf16_autocast = false;
    std::string precision_reason;
    int threads = 1;
    std::string blas;
    bool blas_reference = false;
    std::string cpu;
    std::string torch_version;
    Json toJson() const;
};

// Picks the device and precision, and sets LibTorch's thread count (it is 1 by default on
// Debian's build). Throws UserError when CUDA is requested but absent.
Runtime configureRuntime(const TrainConfig& cfg);

// bf16 autocast for the matrix products on the current thread while alive (fp32 master
// weights and optimizer state stay untouched). No-op when the runtime says fp32.
class AutocastScope {
  public:
    explicit AutocastScope(const Runtime& rt);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

  private:
    bool active_ = false;
    bool cuda_ = false;
    bool previous_ = false;
};

std::string torchVersion();
bool cudaAvailable();            // LibTorch was built with CUDA and a GPU is visible
std::string deviceDescription(); // "CUDA: <name>" or "CPU: <model>, N threads"
std::string compilerVersion();

} // namespace rs
