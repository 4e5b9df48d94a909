#pragma once

#include <QString>

#include <filesystem>
#include <vector>

namespace rsui::test {

// A hand-written experiment folder: runs with known probe values, so figures can be checked
// against numbers computed here rather than by the code under test.
struct FakeRun {
    std::string name, cell;
    bool qk_norm = true;
    std::vector<long long> marks; // checkpoint tokens
    std::vector<double> key_pr;   // K/normed PR per mark, the same for every layer and head
    std::vector<double> val_loss; // per mark
};

// Two layers, two KV heads, head dim 4. sigma_k_normed of every head at every mark: 4, 2, 1, 0.5.
// `state`: status.json's state ("done", "diverged", ...), with `last_error` as its reason.
void writeFakeRun(const std::filesystem::path& experiment, const FakeRun& run,
                  const std::string& state = "done", const std::string& last_error = "");
std::filesystem::path fakeExperiment(const std::string& name);

// A freshly trained test-preset run (synthetic data, probes on) for worker-level tests.
std::filesystem::path trainedTestRun(const std::string& name);

} // namespace rsui::test
