#pragma once

#include "core/config/train_config.h"
#include "core/util/json_fields.h"

#include <string>

namespace rs {

// Where and how a run computes; recorded in run.json.
struct Runtime {
    Device device = Device::Cpu; // resolved: Cpu or Cuda, never Auto
    bool bf16_autocast = false;
    bool bf16_weights = false; // the model and optimizer state themselves in bf16 (no autocast)
    std::string precision_reason;
    int threads = 1;               // at the start; adaptive runs change it between steps
    bool adaptive_threads = false; // train.threads = 0 on the CPU: the count follows contention
    std::string blas;
    bool malloc_reuse = false; // freed memory kept for reuse (util/memory_reuse.h)
    bool blas_reference = false;
    std::string cpu;
    std::string torch_version;
    Json toJson() const;
};

// Picks the device and precision, and sets LibTorch's thread count for the calling thread (it
// is 1 by default on Debian's build): train.threads when set, else `auto_threads` (0: all
// cores). Throws UserError when CUDA is requested but absent.
// UserError when train.threads asks for more than 4 threads per core (the fields and the fix).
void checkThreads(int threads, unsigned cores);
Runtime configureRuntime(const TrainConfig& cfg, int auto_threads = 0);

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

// Whether a model on this device trains with the fused operations: train.fused_ops, on the CPU
// only (CUDA keeps LibTorch's kernels). One rule for training, completed marks and bench.
inline bool fusedOpsOn(const TrainConfig& cfg, bool on_cpu) {
    return cfg.fused_ops && on_cpu;
}

// LibTorch's CPU threads for the calling thread's computations from now on (each thread that
// computes keeps its own count: runs and sweeps side by side each take their share).
void setComputeThreads(int threads);

std::string torchVersion();
bool cudaAvailable();            // LibTorch was built with CUDA and a GPU is visible
std::string deviceDescription(); // "CUDA: <name>" or "CPU: <model>, N threads"
std::string compilerVersion();

} // namespace rs
