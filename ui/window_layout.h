#pragma once

#include <QByteArray>
#include <QRect>

class QDockWidget;
class QMainWindow;

namespace rsui {

// Where the window's docks go and how large it opens, from the screen it opens on.
struct WindowDocks {
    QDockWidget* runs = nullptr;
    QDockWidget* surgery = nullptr;
};

// Below this available width the surgery panel shares the bottom area with the runs table
// as a tab, so the figures keep the full width.
inline constexpr int kCompactLayoutWidth = 1500;
// Below this height the figures get most of it (the runs table a quarter).
inline constexpr int kChartFirstHeight = 900;
inline constexpr int kRunsDockMinimum = 130; // its header, filter and a few rows

// The default layout for `available` (the screen's geometry less panels): at most 1500x950,
// never larger than the screen, centred; compact docks on small screens.
void applyDefaultLayout(QMainWindow& w, const WindowDocks& docks, const QRect& available);

// Restores a saved geometry and dock state only when the saved window fits `available`;
// returns false (nothing restored) otherwise, e.g. saved on a larger monitor.
bool restoreLayoutIfFits(QMainWindow& w, const QByteArray& geometry, const QByteArray& state,
                         const QRect& available);

} // namespace rsui
