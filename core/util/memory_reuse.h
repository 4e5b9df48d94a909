#pragma once

namespace rs {

// glibc hands freed blocks above 128 KiB back to the kernel at once and trims the tops of its
// heaps, so every training step's activations are faulted in afresh. Page faults are slow
// (microseconds each in a VM): on the quick preset they took over half of a step. Call first
// thing in main(), before any thread starts: freed memory is then kept for reuse (blocks up to
// 32 MiB from the heap, no trimming below 1 GiB, one arena for all threads). Left alone when the
// user tunes malloc (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_ARENA_MAX,
// MALLOC_TOP_PAD_ or GLIBC_TUNABLES set). Returns whether it applied.
bool keepFreedMemoryForReuse();
// Whether keepFreedMemoryForReuse() applied in this process (recorded in run.json).
bool freedMemoryKeptForReuse();

} // namespace rs
