#include "ui/window_layout.h"

#include <QDockWidget>
#include <QMainWindow>

#include <algorithm>

namespace rsui {

void applyDefaultLayout(QMainWindow& w, const WindowDocks& docks, const QRect& available) {
    const bool compact = available.width() < kCompactLayoutWidth;
    if (docks.runs && docks.surgery) {
        if (compact) {
            w.addDockWidget(Qt::BottomDockWidgetArea, docks.surgery);
            w.tabifyDockWidget(docks.runs, docks.surgery);
            docks.runs->raise();
        } else {
            w.addDockWidget(Qt::RightDockWidgetArea, docks.surgery);
        }
        docks.runs->show();
        docks.surgery->show();
        docks.surgery->setFloating(false);
        docks.runs->setFloating(false);
    }
    const QSize size(std::min(1500, available.width()), std::min(950, available.height()));
    w.resize(size.expandedTo(w.minimumSizeHint()).boundedTo(available.size()));
    const QRect frame(QPoint(), w.size());
    w.move(available.center() - frame.center());
    if (docks.runs) {
        // Chart first: on a laptop (under kChartFirstHeight) the table gets a fifth of the
        // height (its header and three rows at least), on a desktop a third.
        const int share = w.height() < kChartFirstHeight ? w.height() / 4 : w.height() / 3;
        w.resizeDocks({docks.runs}, {std::max(kRunsDockMinimum, share)}, Qt::Vertical);
    }
}

bool restoreLayoutIfFits(QMainWindow& w, const QByteArray& geometry, const QByteArray& state,
                         const QRect& available) {
    if (geometry.isEmpty()) {
        return false;
    }
    const QRect before = w.geometry();
    if (!w.restoreGeometry(geometry)) {
        return false;
    }
    // A maximized window fits whatever its saved size; a normal one must fit the screen.
    const QRect saved = w.isMaximized() ? available : w.normalGeometry();
    if (saved.width() > available.width() || saved.height() > available.height() ||
        !available.intersects(saved)) {
        w.setWindowState(Qt::WindowNoState);
        w.setGeometry(before);
        return false;
    }
    w.restoreState(state);
    return true;
}

} // namespace rsui
