#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rs {

struct ProcessResult {
    // The program's exit status; 128 + N when signal N killed it; 127 when it could not be
    // started (then `output` says why).
    int exit_code = 127;
    std::string output; // stdout and stderr together
    bool ok() const { return exit_code == 0; }
};

// Runs argv[0] (looked up on PATH) with exactly these arguments — no shell, so no argument is
// ever interpreted — in `cwd` (empty: the current folder), and waits for it.
ProcessResult runProcess(const std::vector<std::string>& argv,
                         const std::filesystem::path& cwd = {});

// Whether `program` is an executable file on PATH (or, when it has a '/', at that path).
bool onPath(const std::string& program);

} // namespace rs
