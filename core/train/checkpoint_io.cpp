#include "core/train/checkpoint_io.h"
#include "core/model/transformer.h"
#include "core/optim/optimizer_set.h"
#include "core/util/error.h"
#include "core/store/sealed_file.h"

#include <torch/torch.h>

namespace rs {

namespace {

void writeState(torch::serialize::OutputArchive& archive, TransformerImpl& model,
                const OptimizerSet* optim) {
    torch::serialize::OutputArchive m;
    model.save(m);
    archive.write("model", m);
    if (optim) {
        torch::serialize::OutputArchive o;
        optim->save(o);
        archive.write("optimizer", o);
    }
}

} // namespace

int64_t checkpointBytes(TransformerImpl& model, const OptimizerSet* optim) {
    torch::serialize::OutputArchive archive;
    writeState(archive, model, optim);
    int64_t bytes = 0;
    archive.save_to([&bytes](const void*, size_t n) {
        bytes += int64_t(n);
        return n;
    });
    return bytes;
}

void saveCheckpoint(const std::filesystem::path& path, TransformerImpl& model,
                    const OptimizerSet* optim, const CheckpointMeta& meta) {
    torch::serialize::OutputArchive archive;
    writeState(archive, model, optim);
    // LibTorch reads a tensor into a parameter without converting its dtype: the loader must
    // know the stored one (bf16_weights runs store bf16).
    const bool bf16 = model.parameters().front().scalar_type() == torch::kBFloat16;
    archive.write("meta_bf16_weights", torch::tensor(int64_t(bf16), torch::kInt64), true);
    archive.write("meta_step", torch::tensor(meta.step, torch::kInt64), true);
    archive.write("meta_tokens", torch::tensor(meta.tokens, torch::kInt64), true);
    {
        at::Generator gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        archive.write("rng_cpu", gen.get_state(), true);
    }
    // Serialized in memory, then written by writeSealed: a full disk is an error naming the file,
    // not a failure inside LibTorch's stream writer (which terminates the process).
    std::string bytes;
    archive.save_to([&bytes](const void* data, size_t n) {
        bytes.append(static_cast<const char*>(data), n);
        return n;
    });
    try {
        writeSealed(path, bytes);
    } catch (const UserError& e) {
        throw UserError("cannot write checkpoint: " + std::string(e.what()));
    }
}

namespace {

// The archive of a checkpoint whose bytes match its seal.
void openArchive(const std::filesystem::path& path, torch::serialize::InputArchive& archive) {
    const std::string bytes = readSealed(path);
    archive.load_from(bytes.data(), bytes.size());
}

} // namespace

CheckpointMeta readCheckpointMeta(const std::filesystem::path& path) {
    try {
        torch::serialize::InputArchive archive;
        openArchive(path, archive);
        at::Tensor step, tokens;
        archive.read("meta_step", step, true);
        archive.read("meta_tokens", tokens, true);
        torch::serialize::InputArchive optimizer;
        const bool full = archive.try_read("optimizer", optimizer);
        return {step.item<int64_t>(), tokens.item<int64_t>(), full};
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
        openArchive(path, archive);
        torch::serialize::InputArchive m;
        archive.read("model", m);
        // The model must hold the stored dtype while it reads (LibTorch does not convert).
        at::Tensor stored_bf16;
        const bool bf16 = archive.try_read("meta_bf16_weights", stored_bf16, true) &&
                          stored_bf16.item<int64_t>() == 1;
        const auto was = model.parameters().front().scalar_type();
        model.to(bf16 ? torch::kBFloat16 : torch::kFloat);
        model.load(m);
        // Resumed training keeps its precision; a checkpoint opened to measure (probe, surgery)
        // is measured in fp32 like every other run.
        model.to(optim ? was : torch::kFloat);
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
