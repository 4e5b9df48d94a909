#pragma once

#include <QColor>

class QPalette;

namespace rsui {

// The colours a chart draws its frame with (not its data: series keep their colour-blind-safe
// hues in both themes).
struct ChartColors {
    QColor background, plotArea, text, subtleText, grid, marker;

    static ChartColors light();
    static ChartColors dark();
    // From a widget palette: the live views follow the application's theme.
    static ChartColors fromPalette(const QPalette& p);
    bool isDark() const { return background.lightnessF() < 0.5; }
};

} // namespace rsui
