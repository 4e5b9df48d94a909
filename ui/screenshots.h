#pragma once

#include <QString>
#include <QStringList>

namespace rsui {

class MainWindow;

// Saves what a user sees: every figure tab, the surgery panel with a checkpoint loaded and the
// slider moved, and the run-matrix dialog, as PNGs in `dir`. Used for packaging/screenshots
// and for looking at the GUI under Xvfb or offscreen.
QStringList takeScreenshots(MainWindow& w, const QString& dir);

} // namespace rsui
