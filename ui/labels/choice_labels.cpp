#include "ui/labels/choice_labels.h"

#include <QCoreApplication>

namespace rsui {

namespace {

template <typename E> struct Label {
    E value;
    const char* text; // source text of the "ChoiceLabels" translation context
};

template <typename E, size_t N> QString labelIn(const Label<E> (&table)[N], E v) {
    for (const auto& row : table) {
        if (row.value == v) {
            return QCoreApplication::translate("ChoiceLabels", row.text);
        }
    }
    return QString::fromLatin1(rs::key(v));
}

using namespace rs;

constexpr Label<Optimizer> kOptimizerLabels[] = {
    {Optimizer::MuonAdamW, QT_TRANSLATE_NOOP("ChoiceLabels", "Muon + AdamW")},
    {Optimizer::AdamW, QT_TRANSLATE_NOOP("ChoiceLabels", "AdamW only")}};

constexpr Label<DataVariant> kDataLabels[] = {
    {DataVariant::Standard, QT_TRANSLATE_NOOP("ChoiceLabels", "standard")},
    {DataVariant::Simple, QT_TRANSLATE_NOOP("ChoiceLabels", "simple")},
    {DataVariant::Complex, QT_TRANSLATE_NOOP("ChoiceLabels", "complex")},
    {DataVariant::TechSimple, QT_TRANSLATE_NOOP("ChoiceLabels", "simple technical")},
    {DataVariant::TechComplex, QT_TRANSLATE_NOOP("ChoiceLabels", "complex technical")},
    {DataVariant::ProseSimple, QT_TRANSLATE_NOOP("ChoiceLabels", "simple prose")},
    {DataVariant::ProseComplex, QT_TRANSLATE_NOOP("ChoiceLabels", "complex prose")}};

constexpr Label<MuonGrouping> kGroupingLabels[] = {
    {MuonGrouping::FusedQkvo,
     QT_TRANSLATE_NOOP("ChoiceLabels", "Q, K, V, O of a layer as one matrix (reference)")},
    {MuonGrouping::Separate, QT_TRANSLATE_NOOP("ChoiceLabels", "each matrix on its own")}};

constexpr Label<GammaLayout> kGammaLabels[] = {
    {GammaLayout::Shared,
     QT_TRANSLATE_NOOP("ChoiceLabels", "one gain shared by all heads (reference)")},
    {GammaLayout::PerHead, QT_TRANSLATE_NOOP("ChoiceLabels", "one gain per head")}};

constexpr Label<Orthogonalization> kOrthogonalizationLabels[] = {
    {Orthogonalization::PolarExpress,
     QT_TRANSLATE_NOOP("ChoiceLabels", "Polar Express, 5 steps (reference)")},
    {Orthogonalization::Quintic,
     QT_TRANSLATE_NOOP("ChoiceLabels", "classic quintic Newton-Schulz")}};

constexpr Label<Device> kDeviceLabels[] = {
    {Device::Auto, QT_TRANSLATE_NOOP("ChoiceLabels", "automatic")},
    {Device::Cpu, QT_TRANSLATE_NOOP("ChoiceLabels", "CPU")},
    {Device::Cuda, QT_TRANSLATE_NOOP("ChoiceLabels", "CUDA")}};

} // namespace

QString choiceLabel(Optimizer v) {
    return labelIn(kOptimizerLabels, v);
}
QString choiceLabel(DataVariant v) {
    return labelIn(kDataLabels, v);
}
QString choiceLabel(MuonGrouping v) {
    return labelIn(kGroupingLabels, v);
}
QString choiceLabel(GammaLayout v) {
    return labelIn(kGammaLabels, v);
}
QString choiceLabel(Orthogonalization v) {
    return labelIn(kOrthogonalizationLabels, v);
}
QString choiceLabel(Device v) {
    return labelIn(kDeviceLabels, v);
}

} // namespace rsui
