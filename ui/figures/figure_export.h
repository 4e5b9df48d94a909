#pragma once

#include "ui/figures/figure_data.h"

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

class QChart;

namespace rsui {

// Headless-safe rendering of one figure: the same ChartBinding as the live views, drawn into
// an image or an SVG document. Errors (unwritable folder, full disk) throw rs::UserError
// naming the file.
struct ExportSize {
    QSize pixels{1600, 1000}; // PNG size
    int dpi = 200;
    QSize svgCanvas{800, 500}; // SVG canvas in CSS pixels (96 per inch: 800 x 500 is 8.3 x 5.2 in)
    bool dark = false;         // a dark background (light by default, for print)
    double fontPt = 0;         // text size on paper (axis labels, legend); 0: the screen's
};

// Drawing (GUI thread: QtCharts' scene lives there) and writing (any thread), apart so that a
// long export can write on a worker; the export* functions do both.
QImage renderPng(const FigureData& f, const ExportSize& size = {});
QByteArray renderSvg(const FigureData& f, const ExportSize& size = {});
void writePng(const QImage& image, const QString& path); // encodes and replaces atomically
void writeBytes(const QByteArray& bytes, const QString& path);

void exportPng(const FigureData& f, const QString& path, const ExportSize& size = {});
void exportSvg(const FigureData& f, const QString& path, const ExportSize& size = {});
void exportCsv(const FigureData& f, const QString& path);
// PNG, SVG and CSV named <dir>/<figure id>.{png,svg,csv}; returns the paths written.
QStringList exportAll(const FigureData& f, const QString& dir, const ExportSize& size = {});

} // namespace rsui
