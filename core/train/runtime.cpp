#include "core/train/runtime.h"
#include "core/util/error.h"
#include "core/util/memory_reuse.h"
#include "core/util/system_info.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace rs {

Json Runtime::toJson() const {
    return Json{{"device", key(device)},
                {"precision", bf16_weights    ? "bf16-weights"
                              : bf16_autocast ? "bf16-autocast"
                                              : "fp32"},
                {"precision_reason", precision_reason},
                {"threads", threads},
                {"adaptive_threads", adaptive_threads},
                {"blas", blas},
                {"malloc_reuse", malloc_reuse},
                {"blas_reference", blas_reference},
                {"cpu", cpu},
                {"torch_version", torch_version}};
}

void setComputeThreads(int threads) {
    torch::set_num_threads(std::max(1, threads));
}

bool cudaAvailable() {
    return torch::cuda::is_available();
}

std::string deviceDescription() {
    if (cudaAvailable()) {
        return "CUDA (" + std::to_string(torch::cuda::device_count()) + " GPU)";
    }
    return "CPU: " + cpuModelName() + ", " + std::to_string(std::thread::hardware_concurrency()) +
           " cores";
}

std::string torchVersion() {
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
}

std::string compilerVersion() {
#if defined(__clang__)
    return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
    return std::string("gcc ") + __VERSION__;
#else
    return "unknown";
#endif
}

void checkThreads(int threads, unsigned cores) {
    if (threads > int(4 * cores)) {
        throw ConfigError("train.threads", std::to_string(threads) +
                                               " is more than 4 per core of this machine's " +
                                               std::to_string(cores) + " cores; give at most " +
                                               std::to_string(4 * cores) + ", or 0 for all cores");
    }
}

Runtime configureRuntime(const TrainConfig& cfg, int auto_threads) {
    Runtime rt;
    rt.threads = cfg.threads > 0    ? cfg.threads
                 : auto_threads > 0 ? auto_threads
                                    : int(availableCores());
    torch::set_num_threads(rt.threads);
    const bool cuda_available = torch::cuda::is_available();
    if (cfg.device == Device::Cuda && !cuda_available) {
        throw ConfigError("train.device", "\"cuda\" requested but this LibTorch (" +
                                              torchVersion() +
                                              ") sees no CUDA device; use \"auto\" or \"cpu\"");
    }
    const bool cuda = cfg.device == Device::Cuda || (cfg.device == Device::Auto && cuda_available);
    rt.device = cuda ? Device::Cuda : Device::Cpu;
    rt.adaptive_threads = cfg.threads == 0 && !cuda;
    if (cfg.precision == Precision::Fp32) {
        rt.precision_reason = "fp32 requested by the config";
    } else if (cfg.precision == Precision::Bf16Weights) {
        rt.bf16_weights = true;
        rt.precision_reason = "bf16 weights and optimizer state, as the reference casts the "
                              "model (no fp32 master copy)";
    } else if (cuda) {
        rt.bf16_autocast = true;
        rt.precision_reason = "bf16 autocast on CUDA";
    } else if (cpuHasBf16()) {
        rt.bf16_autocast = true;
        rt.precision_reason = "CPU supports bf16 (AVX512-BF16/AMX): matrix products in bf16";
    } else if (cfg.precision == Precision::Bf16) {
        rt.bf16_autocast = true;
        rt.precision_reason = "bf16 requested, but this CPU has no native bf16: expect it slow";
    } else {
        rt.precision_reason = "CPU lacks native bf16 (no avx512_bf16/amx_bf16 flag): fp32";
    }
    BlasInfo blas = detectBlas();
    rt.blas = blas.summary();
    rt.blas_reference = blas.is_reference;
    rt.cpu = cpuModelName();
    rt.malloc_reuse = freedMemoryKeptForReuse();
    rt.torch_version = torchVersion();
    return rt;
}

AutocastScope::AutocastScope(const Runtime& rt) : active_(rt.bf16_autocast) {
    if (!active_) {
        return;
    }
    cuda_ = rt.device == Device::Cuda;
    if (cuda_) {
        previous_ = at::autocast::is_enabled();
        at::autocast::set_enabled(true);
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    } else {
        previous_ = at::autocast::is_cpu_enabled();
        at::autocast::set_cpu_enabled(true);
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    }
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!active_) {
        return;
    }
    if (at::autocast::decrement_nesting() == 0) {
        at::autocast::clear_cache();
    }
    if (cuda_) {
        at::autocast::set_enabled(previous_);
    } else {
        at::autocast::set_cpu_enabled(previous_);
    }
}

} // namespace rs
