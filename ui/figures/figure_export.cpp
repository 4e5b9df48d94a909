#include "ui/figures/figure_export.h"

#include "ui/figures/chart_binding.h"
#include "ui/figures/svg_text.h"
#include "core/util/error.h"

#include <QBuffer>
#include <QChart>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QFontInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace rsui {

namespace {

// Draws the figure at `size` (in the painter's logical units), light or dark.
void render(const FigureData& f, QPainter& painter, const QSizeF& size, bool dark,
            double fontPt) {
    QGraphicsScene scene;
    auto* chart = new QChart;
    scene.addItem(chart);
    ChartBinding binding(chart);
    const ChartColors colors = dark ? ChartColors::dark() : ChartColors::light();
    binding.setColors(colors);
    if (fontPt > 0) {
        binding.setTextSize(fontPt);
    }
    chart->resize(size);
    binding.apply(f);
    // QChart lays out axes, title and legend on posted events: run them before painting.
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    }
    scene.setSceneRect(QRectF(QPointF(0, 0), size));
    painter.fillRect(QRectF(QPointF(0, 0), size), colors.background);
    scene.render(&painter, QRectF(QPointF(0, 0), size), QRectF(QPointF(0, 0), size));
}

void ensureDir(const QString& path) {
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        throw rs::UserError("cannot create folder '" + dir.toStdString() +
                            "': check permissions or choose another folder");
    }
}

} // namespace

QImage renderPng(const FigureData& f, const ExportSize& size) {
    QImage img(size.pixels, QImage::Format_ARGB32);
    const double scale = size.dpi / 96.0;
    img.setDotsPerMeterX(int(size.dpi / 0.0254));
    img.setDotsPerMeterY(int(size.dpi / 0.0254));
    img.fill(size.dark ? ChartColors::dark().background : QColor(Qt::white));
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    // Lay out at 96-dpi logical size, then scale: text and lines grow with the DPI.
    p.scale(scale, scale);
    render(f, p, QSizeF(size.pixels) / scale, size.dark, size.fontPt);
    return img;
}

QByteArray renderSvg(const FigureData& f, const ExportSize& size) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buffer);
    gen.setSize(size.svgCanvas);
    gen.setViewBox(QRect(QPoint(0, 0), size.svgCanvas));
    gen.setResolution(96); // text laid out at the screen's and the PNG's size per canvas unit
    gen.setTitle(f.title);
    gen.setDescription(QStringLiteral("RankScope figure '%1'").arg(f.id));
    QPainter p;
    if (!p.begin(&gen)) {
        throw rs::UserError("cannot draw the figure '" + f.id.toStdString() + "' as SVG");
    }
    render(f, p, QSizeF(size.svgCanvas), size.dark, size.fontPt);
    p.end();
    return portableSvgText(buffer.data(), QFontInfo(QFont()).family());
}

void writePng(const QImage& image, const QString& path) {
    ensureDir(path);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        throw rs::UserError("cannot write '" + path.toStdString() +
                            "': " + out.errorString().toStdString() + " (disk full or read-only?)");
    }
}

void writeBytes(const QByteArray& bytes, const QString& path) {
    ensureDir(path);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        throw rs::UserError("cannot write '" + path.toStdString() +
                            "': " + out.errorString().toStdString() + " (disk full or read-only?)");
    }
}

void exportPng(const FigureData& f, const QString& path, const ExportSize& size) {
    writePng(renderPng(f, size), path);
}

void exportSvg(const FigureData& f, const QString& path, const ExportSize& size) {
    writeBytes(renderSvg(f, size), path);
}

void exportCsv(const FigureData& f, const QString& path) {
    writeBytes(f.toCsv().toUtf8(), path);
}

QStringList exportAll(const FigureData& f, const QString& dir, const ExportSize& size) {
    const QString stem = QDir(dir).filePath(f.id);
    exportPng(f, stem + ".png", size);
    exportSvg(f, stem + ".svg", size);
    exportCsv(f, stem + ".csv");
    return {stem + ".png", stem + ".svg", stem + ".csv"};
}

} // namespace rsui
