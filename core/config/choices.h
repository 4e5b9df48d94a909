#pragma once

#include "core/util/error.h"
#include "core/util/json_fields.h"

#include <span>
#include <string>
#include <vector>

namespace rs {

// Every string-valued field of a run configuration as an enum with one table row per value:
// the key is what run.json, the presets and the CLI hold; the description is plain words for
// --help, the dialog and the report's method text; the flags are what code asks of a value
// (uses Muon, the reference, needs prepared corpora) instead of comparing strings.
enum ChoiceFlag : unsigned {
    kReference = 1u << 0,    // the reference recipe's value
    kUsesMuon = 1u << 1,     // the optimizer puts the hidden matrices on Muon
    kPreparedOnly = 1u << 2, // a data variant that exists only in prepared corpora
};

template <typename E> struct Choice {
    E value;
    const char* key;
    const char* description;
    unsigned flags = 0;
};

enum class Optimizer { MuonAdamW, AdamW };
inline constexpr Choice<Optimizer> kOptimizers[] = {
    {Optimizer::MuonAdamW, "muon_adamw",
     "Muon for the hidden matrices, AdamW for embeddings, gains and norms", kReference | kUsesMuon},
    {Optimizer::AdamW, "adamw", "AdamW for every parameter"}};

enum class FfnType { Relu2, SwiGlu };
inline constexpr Choice<FfnType> kFfnTypes[] = {
    {FfnType::Relu2, "relu2", "squared ReLU", kReference}, {FfnType::SwiGlu, "swiglu", "SwiGLU"}};

enum class GammaLayout { Shared, PerHead };
inline constexpr Choice<GammaLayout> kGammaLayouts[] = {
    {GammaLayout::Shared, "shared", "one QK-Norm gain for all heads of q, one for all of k",
     kReference},
    {GammaLayout::PerHead, "per_head", "a QK-Norm gain per head"}};

// Whether QK-Norm's gain trains: Frozen keeps gamma at 1 (RMSNorm without a learnable gain), the
// control that separates normalisation from the learned gain.
enum class QkNormGain { Learned, Frozen };
inline constexpr Choice<QkNormGain> kQkNormGains[] = {
    {QkNormGain::Learned, "learned", "a learnable QK-Norm gain gamma (the reference)", kReference},
    {QkNormGain::Frozen, "frozen",
     "the QK-Norm gain fixed at 1: RMSNorm without a learnable gain"}};

enum class Orthogonalization { PolarExpress, Quintic };
inline constexpr Choice<Orthogonalization> kOrthogonalizations[] = {
    {Orthogonalization::PolarExpress, "polar_express",
     "the Polar-Express per-step Newton-Schulz schedule (at most 5 steps)", kReference},
    {Orthogonalization::Quintic, "quintic",
     "the quintic Newton-Schulz coefficients (3.4445, -4.7750, 2.0315) at every step"}};

enum class MuonGrouping { FusedQkvo, Separate };
inline constexpr Choice<MuonGrouping> kMuonGroupings[] = {
    {MuonGrouping::FusedQkvo, "fused_qkvo", "a layer's W_q, W_k, W_v, W_o as one stacked matrix",
     kReference},
    {MuonGrouping::Separate, "separate", "each matrix orthogonalized on its own"}};

enum class NsPrecision { Auto, Fp32, Bf16 };
inline constexpr Choice<NsPrecision> kNsPrecisions[] = {
    {NsPrecision::Auto, "auto", "bf16 when the run computes under bf16 autocast, else fp32",
     kReference},
    {NsPrecision::Fp32, "fp32", "fp32"},
    {NsPrecision::Bf16, "bf16", "bf16"}};

enum class LrSchedule { Constant, WarmupCosine };
inline constexpr Choice<LrSchedule> kLrSchedules[] = {
    {LrSchedule::Constant, "constant", "a constant learning rate", kReference},
    {LrSchedule::WarmupCosine, "warmup_cosine", "linear warm-up, then cosine decay"}};

// Auto and Bf16 keep fp32 master weights and optimizer state and compute the matrix products
// under bf16 autocast; Bf16Weights is the reference's model.to(bfloat16): weights, gradients
// and optimizer state in bf16, so updates below bf16's resolution are lost.
enum class Precision { Auto, Bf16, Fp32, Bf16Weights };
inline constexpr Choice<Precision> kPrecisions[] = {
    {Precision::Auto, "auto", "bf16 autocast where the CPU or GPU supports it, else fp32"},
    {Precision::Bf16, "bf16", "bf16 autocast"},
    {Precision::Fp32, "fp32", "fp32 throughout"},
    {Precision::Bf16Weights, "bf16_weights",
     "the whole model and optimizer state in bf16, as the reference casts it (updates below "
     "bf16 resolution are lost)",
     kReference}};

enum class Device { Auto, Cpu, Cuda };
inline constexpr Choice<Device> kDevices[] = {
    {Device::Auto, "auto", "CUDA when LibTorch has a GPU, else the CPU", kReference},
    {Device::Cpu, "cpu", "the CPU"},
    {Device::Cuda, "cuda", "a CUDA GPU"}};

// The corpus a run trains on. The three main levels exist in the synthetic language and in
// prepared corpora; the within-genre controls only in prepared corpora.
enum class DataVariant {
    Standard,
    Simple,
    Complex,
    TechSimple,
    TechComplex,
    ProseSimple,
    ProseComplex
};
inline constexpr Choice<DataVariant> kDataVariants[] = {
    {DataVariant::Standard, "standard", "standard data", kReference},
    {DataVariant::Simple, "simple", "simple data (all genres)"},
    {DataVariant::Complex, "complex", "complex data (all genres)"},
    {DataVariant::TechSimple, "tech-simple", "simple technical text", kPreparedOnly},
    {DataVariant::TechComplex, "tech-complex", "complex technical text", kPreparedOnly},
    {DataVariant::ProseSimple, "prose-simple", "simple prose", kPreparedOnly},
    {DataVariant::ProseComplex, "prose-complex", "complex prose", kPreparedOnly}};

// Where a run's tokens come from.
enum class DataSource { Synthetic, Prepared, Tokens };
inline constexpr Choice<DataSource> kDataSources[] = {
    {DataSource::Synthetic, "synthetic", "generated in memory from the seeded synthetic language",
     kReference},
    {DataSource::Prepared, "prepared", "an experiment data folder: dir/<variant>/{train,val}.tok"},
    {DataSource::Tokens, "tokens", "explicit token files (train_path, val_path)"}};

// Which table an enum's rows live in: the one overload the templates below dispatch on.
constexpr std::span<const Choice<Optimizer>> choiceTable(Optimizer) {
    return kOptimizers;
}
constexpr std::span<const Choice<FfnType>> choiceTable(FfnType) {
    return kFfnTypes;
}
constexpr std::span<const Choice<GammaLayout>> choiceTable(GammaLayout) {
    return kGammaLayouts;
}
constexpr std::span<const Choice<QkNormGain>> choiceTable(QkNormGain) {
    return kQkNormGains;
}
constexpr std::span<const Choice<Orthogonalization>> choiceTable(Orthogonalization) {
    return kOrthogonalizations;
}
constexpr std::span<const Choice<MuonGrouping>> choiceTable(MuonGrouping) {
    return kMuonGroupings;
}
constexpr std::span<const Choice<NsPrecision>> choiceTable(NsPrecision) {
    return kNsPrecisions;
}
constexpr std::span<const Choice<LrSchedule>> choiceTable(LrSchedule) {
    return kLrSchedules;
}
constexpr std::span<const Choice<Precision>> choiceTable(Precision) {
    return kPrecisions;
}
constexpr std::span<const Choice<Device>> choiceTable(Device) {
    return kDevices;
}
constexpr std::span<const Choice<DataVariant>> choiceTable(DataVariant) {
    return kDataVariants;
}
constexpr std::span<const Choice<DataSource>> choiceTable(DataSource) {
    return kDataSources;
}

template <typename E>
concept ConfigChoice = requires(E e) {
    choiceTable(e);
};

template <ConfigChoice E> const Choice<E>& choiceRow(E value) {
    for (const auto& row : choiceTable(E{})) {
        if (row.value == value) {
            return row;
        }
    }
    return choiceTable(E{}).front(); // unreachable for a value of the enum
}
template <ConfigChoice E> const char* key(E value) {
    return choiceRow(value).key;
}
template <ConfigChoice E> const char* describe(E value) {
    return choiceRow(value).description;
}
template <ConfigChoice E> bool hasFlag(E value, ChoiceFlag flag) {
    return (choiceRow(value).flags & flag) != 0;
}
// Every key, in table order: the CLI's choices, the completion and the dialog's combos.
template <ConfigChoice E> std::vector<std::string> choiceKeys() {
    std::vector<std::string> out;
    for (const auto& row : choiceTable(E{})) {
        out.emplace_back(row.key);
    }
    return out;
}
// The reference recipe's value: the row flagged kReference (the first row when none is).
template <ConfigChoice E> E referenceChoice() {
    for (const auto& row : choiceTable(E{})) {
        if (row.flags & kReference) {
            return row.value;
        }
    }
    return choiceTable(E{}).front().value;
}
// "\"a\", \"b\" or \"c\"" for messages that list the valid names.
std::string quotedChoices(const std::vector<std::string>& keys);
// The value named `k`; throws ConfigError(field, ...) listing every valid name when none is.
template <ConfigChoice E> E parseChoice(const std::string& k, const std::string& field) {
    for (const auto& row : choiceTable(E{})) {
        if (k == row.key) {
            return row.value;
        }
    }
    throw ConfigError(field, "is \"" + k + "\"; must be " + quotedChoices(choiceKeys<E>()));
}

// Reads a choice field of a JSON object by its key; absent, `out` keeps its value.
template <ConfigChoice E> void getChoice(JsonFields& f, const std::string& k, E& out) {
    std::string name = key(out);
    f.get(k, name);
    out = parseChoice<E>(name, f.path(k));
}

} // namespace rs
