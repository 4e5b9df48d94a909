#include "ui/views/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>

#include <cmath>

namespace rsui {

namespace {

struct SizePreset {
    const char* name;
    double width, height, fontPt; // inches, points
};

// Common journal widths (single and double column) and a 16:9 slide; the height keeps the
// screen's 8:5 look.
constexpr SizePreset kPresets[] = {
    {QT_TRANSLATE_NOOP("ExportDialog", "Single column (3.5 in)"), 3.5, 2.6, 7},
    {QT_TRANSLATE_NOOP("ExportDialog", "Double column (7 in)"), 7.0, 4.3, 8},
    {QT_TRANSLATE_NOOP("ExportDialog", "Slide (10 × 5.6 in)"), 10.0, 5.6, 14},
};

} // namespace

ExportDialog::ExportDialog(bool png, QWidget* parent) : QDialog(parent), png_(png) {
    setWindowTitle(png ? tr("Export PNG") : tr("Export SVG"));
    auto* form = new QFormLayout(this);
    preset_ = new QComboBox(this);
    for (const auto& p : kPresets) {
        preset_->addItem(tr(p.name));
    }
    preset_->addItem(tr("Custom"));
    width_ = new QDoubleSpinBox(this);
    height_ = new QDoubleSpinBox(this);
    for (auto* box : {width_, height_}) {
        box->setRange(1.0, 40.0);
        box->setDecimals(2);
        box->setSingleStep(0.1);
        box->setSuffix(tr(" in"));
    }
    font_ = new QDoubleSpinBox(this);
    font_->setRange(4.0, 30.0);
    font_->setDecimals(1);
    font_->setSuffix(tr(" pt"));
    font_->setToolTip(tr("Size of the axis labels and legend on paper; the title is 15 % larger"));
    dpi_ = new QSpinBox(this);
    dpi_->setRange(72, 1200);
    dark_ = new QCheckBox(tr("Dark background"), this);
    form->addRow(tr("Size"), preset_);
    form->addRow(tr("Width"), width_);
    form->addRow(tr("Height"), height_);
    form->addRow(tr("Text size"), font_);
    if (png) {
        form->addRow(tr("DPI"), dpi_);
    } else {
        dpi_->hide();
    }
    form->addRow(dark_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::accepted, this, &ExportDialog::remember);
    connect(preset_, &QComboBox::activated, this, &ExportDialog::choosePreset);
    for (auto* box : {width_, height_}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!preset_->signalsBlocked()) {
                preset_->setCurrentIndex(preset_->count() - 1); // edited by hand: custom
            }
        });
    }
    QSettings s;
    const QSignalBlocker block(preset_);
    width_->setValue(s.value("export/widthIn", kPresets[1].width).toDouble());
    height_->setValue(s.value("export/heightIn", kPresets[1].height).toDouble());
    font_->setValue(s.value("export/fontPt", kPresets[1].fontPt).toDouble());
    dpi_->setValue(s.value("export/dpi", 300).toInt());
    dark_->setChecked(s.value("export/dark", false).toBool());
    preset_->setCurrentIndex(s.value("export/preset", 1).toInt());
}

void ExportDialog::choosePreset(int index) {
    if (index < 0 || index >= int(std::size(kPresets))) {
        preset_->setCurrentIndex(preset_->count() - 1);
        return;
    }
    const QSignalBlocker block(preset_);
    preset_->setCurrentIndex(index);
    width_->setValue(kPresets[index].width);
    height_->setValue(kPresets[index].height);
    font_->setValue(kPresets[index].fontPt);
}

ExportSize ExportDialog::size() const {
    ExportSize s;
    s.dpi = dpi_->value();
    s.pixels = QSize(int(std::lround(width_->value() * s.dpi)),
                     int(std::lround(height_->value() * s.dpi)));
    s.svgCanvas =
        QSize(int(std::lround(width_->value() * 96)), int(std::lround(height_->value() * 96)));
    s.fontPt = font_->value();
    s.dark = dark_->isChecked();
    return s;
}

void ExportDialog::remember() const {
    QSettings s;
    s.setValue("export/preset", preset_->currentIndex());
    s.setValue("export/widthIn", width_->value());
    s.setValue("export/heightIn", height_->value());
    s.setValue("export/fontPt", font_->value());
    if (png_) {
        s.setValue("export/dpi", dpi_->value());
    }
    s.setValue("export/dark", dark_->isChecked());
}

} // namespace rsui
