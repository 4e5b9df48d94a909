#pragma once

#include "core/store/run_layout.h"

#include <QDir>
#include <QString>

namespace rsui {

// The experiment folder's parts (rs::ExperimentLayout) as absolute Qt paths.
inline QString experimentPart(const QString& dir,
                              std::filesystem::path (rs::ExperimentLayout::*part)() const) {
    const rs::ExperimentLayout layout(QDir(dir).absolutePath().toStdString());
    return QString::fromStdString((layout.*part)().string());
}
inline QString experimentDataDir(const QString& dir) {
    return experimentPart(dir, &rs::ExperimentLayout::dataDir);
}
inline QString experimentFiguresDir(const QString& dir) {
    return experimentPart(dir, &rs::ExperimentLayout::figuresDir);
}
inline QString experimentReportDir(const QString& dir) {
    return experimentPart(dir, &rs::ExperimentLayout::reportDir);
}

} // namespace rsui
