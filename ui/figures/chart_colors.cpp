#include "ui/figures/chart_colors.h"

#include <QPalette>

namespace rsui {

ChartColors ChartColors::light() {
    return {Qt::white,
            Qt::white,
            QColor(30, 30, 30),
            QColor(110, 110, 110),
            QColor(220, 220, 220),
            QColor(90, 90, 90)};
}

ChartColors ChartColors::dark() {
    return {QColor(37, 37, 40),    QColor(30, 30, 33), QColor(230, 230, 230),
            QColor(170, 170, 170), QColor(70, 70, 75), QColor(190, 190, 190)};
}

ChartColors ChartColors::fromPalette(const QPalette& p) {
    const QColor base = p.color(QPalette::Base);
    ChartColors c = base.lightnessF() < 0.5 ? dark() : light();
    c.background = p.color(QPalette::Window);
    c.plotArea = base;
    c.text = p.color(QPalette::WindowText);
    return c;
}

} // namespace rsui
