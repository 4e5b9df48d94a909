#include "core/util/memory_reuse.h"

#include <atomic>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rs {

namespace {
std::atomic<bool> g_applied{false};
}

bool keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
    for (const char* v : {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX",
                          "MALLOC_TOP_PAD_", "GLIBC_TUNABLES"}) {
        if (std::getenv(v)) {
            return false;
        }
    }
    // Both or neither: setting only one turns off glibc's adaptive mmap threshold, and then
    // every block above 128 KiB is mapped and unmapped per allocation (5x slower steps).
    // One arena: runs trained side by side in one process otherwise each get a per-thread arena
    // whose 64 MiB heaps are mapped and dropped as tensors come and go (12x the page faults;
    // two runs at once were slower than one after the other). A 256 MiB top pad makes the
    // shared heap grow in few steps.
    const bool ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 &&
                    mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1 && mallopt(M_ARENA_MAX, 1) == 1 &&
                    mallopt(M_TOP_PAD, 256 << 20) == 1;
    g_applied = ok;
    return ok;
#else
    return false;
#endif
}

bool freedMemoryKeptForReuse() {
    return g_applied;
}

} // namespace rs
