#include "core/bench/train_bench.h"
#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/train/checkpoint_io.h"
#include "core/train/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace rs {

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}
double msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}
} // namespace

TrainBenchResult benchmarkTraining(const RunConfig& cfg, int warmup, int steps, int profile_steps) {
    TrainBenchResult r;
    r.runtime = configureRuntime(cfg.train);
    torch::manual_seed(cfg.seed);
    const torch::Device device(r.runtime.device == Device::Cuda ? torch::kCUDA : torch::kCPU);
    Transformer model(cfg.model);
    model->to(device);
    r.fused_ops = fusedOpsOn(cfg.train, device.is_cpu());
    model->setFusedOps(r.fused_ops);
    OptimizerSet optim(*model, cfg.train, r.runtime.bf16_autocast);
    r.parameters = model->parameterCount();
    r.tokens_per_step = cfg.train.tokensPerStep();
    auto tokens = torch::randint(cfg.model.vocab_size,
                                 {cfg.train.batch_size, cfg.train.seq_len + 1}, torch::kInt64)
                      .to(device);
    auto x = tokens.slice(1, 0, cfg.train.seq_len);
    auto y = tokens.slice(1, 1, cfg.train.seq_len + 1);
    const bool cuda = device.is_cuda();
    auto sync = [&] {
        if (cuda) {
            torch::cuda::synchronize();
        }
    };
    std::vector<double> total, fwd, bwd, opt;
    auto step = [&](bool timed) {
        sync();
        auto t0 = std::chrono::steady_clock::now();
        at::Tensor loss;
        {
            AutocastScope ac(r.runtime);
            loss = model->loss(x, y);
        }
        sync();
        double f = msSince(t0);
        auto t1 = std::chrono::steady_clock::now();
        optim.zeroGrad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(model->parameters(), cfg.train.grad_clip);
        sync();
        double b = msSince(t1);
        auto t2 = std::chrono::steady_clock::now();
        optim.step();
        sync();
        double o = msSince(t2);
        if (timed) {
            total.push_back(msSince(t0));
            fwd.push_back(f);
            bwd.push_back(b);
            opt.push_back(o);
        }
    };
    for (int i = 0; i < warmup + steps; ++i) {
        step(i >= warmup);
    }
    if (profile_steps > 0) {
        r.profile = profileSteps(profile_steps, [&] { step(false); });
    }
    r.weights_bytes = checkpointBytes(*model, nullptr);
    r.full_state_bytes = checkpointBytes(*model, &optim);
    r.median_step_ms = median(total);
    r.forward_ms = median(fwd);
    r.backward_ms = median(bwd);
    r.optimizer_ms = median(opt);
    r.tokens_per_s = double(r.tokens_per_step) / (r.median_step_ms / 1000.0);
    return r;
}

} // namespace rs
