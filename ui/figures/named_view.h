#pragma once

#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_export.h"

#include <QRectF>
#include <QSet>
#include <QString>

#include <optional>

namespace rsui {

// A figure as a researcher set it up, saved under a name: which figure, its options (metric,
// tap, grouping, seeds' band, …), the runs it charts, the series hidden in its legend and its
// zoom. A JSON file (format 1) in the experiment's views/ folder; the workbench saves and
// reopens it, `rankscope-cli figures --view FILE` renders it headless.
struct NamedView {
    QString name;
    QString figure; // figure_id
    FigureOptions options;
    QSet<QString> hiddenSeries;
    std::optional<QRectF> range; // data coordinates, as FigureData::viewRange
};

QByteArray toJson(const NamedView& v);
// Throws rs::UserError naming `source` (the file) and what is wrong with it.
NamedView namedViewFromJson(const QByteArray& json, const QString& source);

// <experiment>/views/<name>.json; the name's characters outside [A-Za-z0-9._-] become '_'.
QString namedViewPath(const QString& experimentDir, const QString& name);
void saveNamedView(const NamedView& v, const QString& path);
NamedView loadNamedView(const QString& path);

// The view's figure of the experiment at `experimentDir`, as the workbench shows it.
FigureData viewFigure(const NamedView& v, const Runs& runs);
// Reads the experiment once and writes the view's figure as <out>/<name>.{png,svg,csv}.
QStringList writeViewFigure(const QString& experimentDir, const QString& viewFile,
                            const QString& outDir, const ExportSize& size = {});

} // namespace rsui
