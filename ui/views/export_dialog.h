#pragma once

#include "ui/figures/figure_export.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace rsui {

// The size of an exported figure as a journal asks for it: a preset (single column 3.5 in,
// double column 7 in, slide) or inches of one's own, the resolution (PNG) and the text size in
// points, which the figure then has on paper. Remembered between exports.
class ExportDialog : public QDialog {
    Q_OBJECT

  public:
    ExportDialog(bool png, QWidget* parent = nullptr);
    ExportSize size() const;
    // For tests and scripts: a preset by index (0 single, 1 double column, 2 slide, 3 custom).
    void choosePreset(int index);
    QSpinBox* dpiBox() const { return dpi_; }
    QDoubleSpinBox* fontBox() const { return font_; }
    void remember() const;

  private:
    bool png_;
    QComboBox* preset_ = nullptr;
    QDoubleSpinBox *width_ = nullptr, *height_ = nullptr, *font_ = nullptr;
    QSpinBox* dpi_ = nullptr;
    QCheckBox* dark_ = nullptr;
};

} // namespace rsui
