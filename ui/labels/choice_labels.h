#pragma once

#include "core/config/choices.h"
#include "core/util/name_table.h"

#include <QComboBox>
#include <QString>

#include <functional>

namespace rsui {

// What the workbench calls each value of a configuration choice (core/config/choices.h), in the
// user's language. One label table per choice, in choice_labels.cpp.
QString choiceLabel(rs::Optimizer v);
QString choiceLabel(rs::DataVariant v);
QString choiceLabel(rs::MuonGrouping v);
QString choiceLabel(rs::GammaLayout v);
QString choiceLabel(rs::Orthogonalization v);
QString choiceLabel(rs::Device v);

template <typename E>
concept LabelledChoice = rs::ConfigChoice<E> && requires(E e) {
    choiceLabel(e);
};

// Fills `combo` with the table's values (label shown, key as the item's data) that `offered`
// accepts, and selects `selected` when it is among them. The one way a combo offers a choice.
template <LabelledChoice E>
void fillChoiceCombo(
    QComboBox* combo, E selected, const std::function<bool(E)>& offered = [](E) { return true; }) {
    combo->clear();
    for (const auto& row : rs::choiceTable(E{})) {
        if (offered(row.value)) {
            combo->addItem(choiceLabel(row.value), QString::fromLatin1(row.key));
        }
    }
    const int i = combo->findData(QString::fromLatin1(rs::key(selected)));
    if (i >= 0) {
        combo->setCurrentIndex(i);
    }
}

// The value a combo filled by fillChoiceCombo shows.
template <LabelledChoice E> E choiceIn(const QComboBox* combo) {
    const auto k = combo->currentData().toString().toStdString();
    // An empty combo: the table's first value.
    return rs::valueIn<E>(rs::choiceTable(E{}), k).value_or(rs::choiceTable(E{}).front().value);
}

} // namespace rsui
