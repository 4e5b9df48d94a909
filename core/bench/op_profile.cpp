#include "core/bench/op_profile.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace rs {

namespace prof = torch::autograd::profiler;

bool isMatrixProduct(const std::string& op) {
    static const char* const kProducts[] = {"aten::mm", "aten::bmm", "aten::addmm", "aten::baddbmm",
                                            "aten::addbmm"};
    return std::any_of(std::begin(kProducts), std::end(kProducts),
                       [&](const char* p) { return op == p; });
}

double OpProfile::matrixMs() const {
    double ms = 0.0;
    for (const auto& o : ops) {
        ms += isMatrixProduct(o.name) ? o.self_ms : 0.0;
    }
    return ms;
}

std::string displayName(const std::string& op) {
    // torch::autograd::CppNode<rs::(anonymous namespace)::CausalAttentionFn> -> "CausalAttentionFn
    // backward": the fused operations' backward nodes, named by their function; the autograd
    // engine's event around one keeps its "engine: " mark.
    static const std::string kEngine = "autograd::engine::evaluate_function: ";
    if (op.rfind(kEngine, 0) == 0) {
        const std::string node = op.substr(kEngine.size());
        const std::string inner = displayName(node);
        return inner == node ? op : "engine: " + inner;
    }
    static const std::string kNode = "torch::autograd::CppNode<";
    if (op.rfind(kNode, 0) != 0 || op.back() != '>') {
        return op;
    }
    const std::string inner = op.substr(kNode.size(), op.size() - kNode.size() - 1);
    const auto colon = inner.rfind("::");
    return (colon == std::string::npos ? inner : inner.substr(colon + 2)) + " backward";
}

namespace {

// Pairs each thread's push/pop events into self times (a parent's time less its children's).
void addSelfTimes(const std::vector<prof::LegacyEvent>& events, std::map<std::string, OpTime>& by) {
    struct Open {
        const prof::LegacyEvent* push;
        double child_us = 0.0;
    };
    std::vector<Open> stack;
    for (const auto& e : events) {
        if (e.kind() == prof::EventKind::PushRange) {
            stack.push_back({&e});
        } else if (e.kind() == prof::EventKind::PopRange && !stack.empty()) {
            const Open open = stack.back();
            stack.pop_back();
            const double us = open.push->cpuElapsedUs(e);
            const std::string name = displayName(open.push->name());
            auto& t = by[name];
            t.name = name;
            t.self_ms += (us - open.child_us) / 1000.0;
            ++t.calls;
            if (!stack.empty()) {
                stack.back().child_us += us;
            }
        }
    }
}

} // namespace

OpProfile profileSteps(int steps, const std::function<void()>& step) {
    OpProfile p;
    p.steps = steps;
    prof::enableProfilerLegacy(
        torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) {
        step();
    }
    p.total_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const auto lists = prof::disableProfilerLegacy();
    std::map<std::string, OpTime> by;
    for (const auto& events : lists) {
        addSelfTimes(events, by);
    }
    for (auto& [name, t] : by) {
        p.ops.push_back(t);
    }
    std::sort(p.ops.begin(), p.ops.end(),
              [](const OpTime& a, const OpTime& b) { return a.self_ms > b.self_ms; });
    return p;
}

} // namespace rs
