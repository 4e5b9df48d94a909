#include "core/config/train_config.h"

#include <algorithm>
#include <cmath>

namespace rs {

namespace {
void require(bool ok, const std::string& field, const std::string& fix) {
    if (!ok) {
        throw ConfigError("train." + field, fix);
    }
}

// The reference schedule, as fractions of a 25M-token budget.
constexpr double kReferenceMarks[] = {0.0, 0.5, 1, 2, 4, 8, 12, 16, 20, 25};
} // namespace

std::vector<int64_t> TrainConfig::checkpointMarks() const {
    const int64_t tps = tokensPerStep();
    const int64_t total = totalSteps() * tps;
    std::vector<int64_t> marks;
    if (checkpoint_tokens.empty()) {
        for (double m : kReferenceMarks) {
            auto steps = static_cast<int64_t>(std::llround(m / 25.0 * double(total) / double(tps)));
            marks.push_back(steps * tps);
        }
    } else {
        for (int64_t t : checkpoint_tokens) {
            marks.push_back(std::min(total, (t + tps / 2) / tps * tps));
        }
        marks.push_back(0);
        marks.push_back(total);
    }
    std::sort(marks.begin(), marks.end());
    marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
    return marks;
}

void TrainConfig::validate() const {
    require(batch_size > 0, "batch_size", "must be positive");
    require(seq_len >= 2, "seq_len", "must be at least 2");
    require(token_budget >= tokensPerStep(), "token_budget",
            "must cover at least one step of batch_size * seq_len = " +
                std::to_string(tokensPerStep()) + " tokens; got " + std::to_string(token_budget));
    for (int64_t t : checkpoint_tokens) {
        require(t >= 0 && t <= token_budget, "checkpoint_tokens",
                "marks must lie in [0, token_budget]; got " + std::to_string(t));
    }
    require(muon.lr > 0, "muon.lr", "must be positive (reference: 0.024)");
    require(muon.momentum >= 0 && muon.momentum < 1, "muon.momentum", "must be in [0, 1)");
    require(muon.ns_steps >= 1 && muon.ns_steps <= 10, "muon.ns_steps", "must be in 1..10");
    require(muon.coefficients != Orthogonalization::PolarExpress || muon.ns_steps <= 5,
            "muon.ns_steps", "the Polar-Express schedule has 5 steps; use ns_steps <= 5");
    require(muon.weight_decay >= 0, "muon.weight_decay", "must be >= 0");
    require(adamw.lr > 0, "adamw.lr", "must be positive (reference: 0.006)");
    require(adamw.beta1 >= 0 && adamw.beta1 < 1, "adamw.beta1", "must be in [0, 1)");
    require(adamw.beta2 >= 0 && adamw.beta2 < 1, "adamw.beta2", "must be in [0, 1)");
    require(adamw.eps > 0, "adamw.eps", "must be positive");
    require(adamw.weight_decay >= 0, "adamw.weight_decay", "must be >= 0");
    require(lr_scale > 0 && lr_scale <= 100, "lr_scale", "must be in (0, 100]");
    require(grad_clip >= 0, "grad_clip", "must be >= 0 (0 disables clipping)");
    require(warmup_fraction >= 0 && warmup_fraction < 1, "warmup_fraction", "must be in [0, 1)");
    require(min_lr_fraction >= 0 && min_lr_fraction <= 1, "min_lr_fraction", "must be in [0, 1]");
    require(threads >= 0, "threads", "must be >= 0 (0 = all cores)");
    require(val_tokens >= seq_len, "val_tokens", "must be at least seq_len");
    require(log_every > 0, "log_every", "must be positive");
}

Json TrainConfig::toJson() const {
    return Json{{"token_budget", token_budget},
                {"batch_size", batch_size},
                {"seq_len", seq_len},
                {"checkpoint_tokens", checkpoint_tokens},
                {"optimizer", key(optimizer)},
                {"muon",
                 {{"lr", muon.lr},
                  {"momentum", muon.momentum},
                  {"nesterov", muon.nesterov},
                  {"ns_steps", muon.ns_steps},
                  {"coefficients", key(muon.coefficients)},
                  {"grouping", key(muon.grouping)},
                  {"weight_decay", muon.weight_decay},
                  {"ns_precision", key(muon.ns_precision)}}},
                {"adamw",
                 {{"lr", adamw.lr},
                  {"beta1", adamw.beta1},
                  {"beta2", adamw.beta2},
                  {"eps", adamw.eps},
                  {"weight_decay", adamw.weight_decay},
                  {"decay_hidden_matrices", adamw.decay_hidden_matrices}}},
                {"decay_gains", decay_gains},
                {"lr_scale", lr_scale},
                {"grad_clip", grad_clip},
                {"lr_schedule", key(lr_schedule)},
                {"warmup_fraction", warmup_fraction},
                {"min_lr_fraction", min_lr_fraction},
                {"precision", key(precision)},
                {"device", key(device)},
                {"threads", threads},
                {"fused_ops", fused_ops},
                {"keep_optimizer_state", keep_optimizer_state},
                {"val_tokens", val_tokens},
                {"log_every", log_every},
                {"lr_note", lr_note}};
}

TrainConfig TrainConfig::fromJson(const Json& j) {
    TrainConfig c;
    JsonFields f(j, "train.");
    f.get("token_budget", c.token_budget);
    f.get("batch_size", c.batch_size);
    f.get("seq_len", c.seq_len);
    f.get("checkpoint_tokens", c.checkpoint_tokens);
    getChoice(f, "optimizer", c.optimizer);
    if (const Json* m = f.sub("muon")) {
        JsonFields mf(*m, "train.muon.");
        mf.get("lr", c.muon.lr);
        mf.get("momentum", c.muon.momentum);
        mf.get("nesterov", c.muon.nesterov);
        mf.get("ns_steps", c.muon.ns_steps);
        getChoice(mf, "coefficients", c.muon.coefficients);
        getChoice(mf, "grouping", c.muon.grouping);
        mf.get("weight_decay", c.muon.weight_decay);
        getChoice(mf, "ns_precision", c.muon.ns_precision);
        mf.finish();
    }
    if (const Json* a = f.sub("adamw")) {
        JsonFields af(*a, "train.adamw.");
        af.get("lr", c.adamw.lr);
        af.get("beta1", c.adamw.beta1);
        af.get("beta2", c.adamw.beta2);
        af.get("eps", c.adamw.eps);
        af.get("weight_decay", c.adamw.weight_decay);
        af.get("decay_hidden_matrices", c.adamw.decay_hidden_matrices);
        af.finish();
    }
    f.get("decay_gains", c.decay_gains);
    f.get("lr_scale", c.lr_scale);
    f.get("grad_clip", c.grad_clip);
    getChoice(f, "lr_schedule", c.lr_schedule);
    f.get("warmup_fraction", c.warmup_fraction);
    f.get("min_lr_fraction", c.min_lr_fraction);
    getChoice(f, "precision", c.precision);
    getChoice(f, "device", c.device);
    f.get("threads", c.threads);
    f.get("fused_ops", c.fused_ops);
    f.get("keep_optimizer_state", c.keep_optimizer_state);
    f.get("val_tokens", c.val_tokens);
    f.get("log_every", c.log_every);
    f.get("lr_note", c.lr_note);
    f.finish();
    return c;
}

} // namespace rs
