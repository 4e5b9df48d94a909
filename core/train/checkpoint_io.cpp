#include "core/train/checkpoint_io.h"
#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/util/error.h"
#include "core/util/files.h"

#include <torch/torch.h>

namespace rs {

void saveCheckpoint(const std::filesystem::path& path, TransformerImpl& model,
                    const OptimizerSet* optim, const CheckpointMeta& meta) {
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive m;
    model.save(m);
    archive.write("model", m);
    if (optim) {
        torch::serialize::OutputArchive o;
        optim->save(o);
        archive.write("optimizer", o);
    }
    archive.write("meta_step", torch::tensor(meta.step, torch::kInt64), true);
    archive.write("meta_tokens", torch::tensor(meta.tokens, torch::kInt64), true);
    {
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        archive.write("rng_cpu", gen.get_state(), true);
    }
    const auto tmp = uniqueTempPath(path);
    try {
        archive.save_to(tmp.string());
    } catch (const c10::Error& e) {
        std::filesystem::remove(tmp);
        throw UserError("cannot write checkpoint '" + path.string() +
                        "' (disk full?): " + e.what_without_backtrace());
    }
    std::filesystem::rename(tmp, path);
}

CheckpointMeta readCheckpointMeta(const std::filesystem::path& path) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        at::Tensor step, tokens;
        archive.read("meta_step", step, true);
        archive.read("meta_tokens", tokens, true);
        return {step.item<int64_t>(), tokens.item<int64_t>()};
    } catch (const c10::Error& e) {
        throw UserError("checkpoint '" + path.string() + "' is corrupt (" +
                        e.what_without_backtrace() +
                        "); delete it to resume from the previous one");
    }
}

CheckpointMeta loadCheckpoint(const std::filesystem::path& path, TransformerImpl& model,
                              OptimizerSet* optim) {
    CheckpointMeta meta;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        torch::serialize::InputArchive m;
        archive.read("model", m);
        model.load(m);
        if (optim) {
            torch::serialize::InputArchive o;
            archive.read("optimizer", o);
            optim->load(o);
        }
        at::Tensor step, tokens, rng;
        archive.read("meta_step", step, true);
        archive.read("meta_tokens", tokens, true);
        archive.read("rng_cpu", rng, true);
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(rng);
        meta.step = step.item<int64_t>();
        meta.tokens = tokens.item<int64_t>();
    } catch (const c10::Error& e) {
        throw UserError("checkpoint '" + path.string() +
                        "' is corrupt or does not match this model (" + e.what_without_backtrace() +
                        "); delete it to resume from the previous one");
    }
    return meta;
}

} // namespace rs
