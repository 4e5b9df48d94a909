#include "ui/labels/matrix_text.h"

#include <QCoreApplication>

namespace rsui {

namespace {

// Every label and description of resources/matrix/default.json, for lupdate (the test
// Translations.MatrixFileWordsAreListed keeps this list complete).
[[maybe_unused]] const char* const kMatrixWords[] = {
    QT_TRANSLATE_NOOP("MatrixCell", "standard"),
    QT_TRANSLATE_NOOP("MatrixCell", "simple"),
    QT_TRANSLATE_NOOP("MatrixCell", "complex"),
    QT_TRANSLATE_NOOP("MatrixCell", "simple prose"),
    QT_TRANSLATE_NOOP("MatrixCell", "complex prose"),
    QT_TRANSLATE_NOOP("MatrixCell", "QK-Norm, Muon + AdamW, standard data (the baseline)"),
    QT_TRANSLATE_NOOP("MatrixCell", "no QK-Norm, Muon + AdamW, standard data"),
    QT_TRANSLATE_NOOP("MatrixCell", "QK-Norm, AdamW only, standard data"),
    QT_TRANSLATE_NOOP("MatrixCell", "no QK-Norm, AdamW only, standard data"),
    QT_TRANSLATE_NOOP("MatrixCell", "QK-Norm, Muon + AdamW, simple data (all genres)"),
    QT_TRANSLATE_NOOP("MatrixCell", "QK-Norm, Muon + AdamW, complex data (all genres)"),
    QT_TRANSLATE_NOOP("MatrixCell",
                      "QK-Norm, Muon + AdamW, simple prose (within-genre control of C1)"),
    QT_TRANSLATE_NOOP("MatrixCell",
                      "QK-Norm, Muon + AdamW, complex prose (within-genre control of C2)"),
    QT_TRANSLATE_NOOP("MatrixCell", "control: as B1 but without weight decay on the hidden "
                                    "matrices (Muon cells have none)"),
    QT_TRANSLATE_NOOP("MatrixCell", "control: as A1 but with QK-Norm's gain fixed at 1 (RMSNorm "
                                    "without a learnable gain)"),
    QT_TRANSLATE_NOOP("MatrixCell", "sensitivity: as B1 at half AdamW's learning rate"),
    QT_TRANSLATE_NOOP("MatrixCell", "sensitivity: as B1 at twice AdamW's learning rate"),
};

} // namespace

QString matrixText(const std::string& english) {
    return QCoreApplication::translate("MatrixCell", english.c_str());
}

} // namespace rsui
