#pragma once

#include <string>
#include <string_view>

namespace rs {

struct BlasInfo {
    std::string library;       // resolved path of the loaded BLAS, or "" when none is loaded
    std::string config;        // openblas_get_config() when it is OpenBLAS
    std::string threading;     // "openmp", "pthread", "sequential" or "unknown"
    bool is_reference = false; // the netlib reference BLAS: ~10x slower training
    std::string summary() const;
};

// Inspects the shared objects mapped into this process (after LibTorch is loaded).
BlasInfo detectBlas();
// True when the CPU executes bf16 matrix products natively (AVX512-BF16 or AMX).
bool cpuHasBf16();
std::string cpuModelName();
unsigned availableCores();
// Installed memory in bytes (0 when unknown).
double physicalMemoryBytes();
// This machine's host name.
std::string hostName();
// True when `pid` is a process id in decimal digits and no process of that id exists on this
// host: the writer or lock holder it names was killed (kill(pid, 0) sends nothing).
bool localProcessGone(std::string_view pid);

} // namespace rs
