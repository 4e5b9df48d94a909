#include "ui/theme.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleOption>
#include <QStyleFactory>

namespace rsui {

namespace {

struct Original {
    QString style;
    QPalette palette;
    Theme current = Theme::System;
    bool saved = false;
};

Original& original() {
    static Original o;
    return o;
}

QPalette darkPalette() {
    QPalette p;
    // Fields darker than the window and light bevel roles: Fusion draws an unchecked box's frame
    // from them, which vanished when they were left at the light palette's values.
    const QColor window(53, 53, 56), base(28, 28, 30), text(232, 232, 232), accent(86, 156, 214);
    p.setColor(QPalette::Light, QColor(120, 120, 126));
    p.setColor(QPalette::Midlight, QColor(90, 90, 95));
    p.setColor(QPalette::Mid, QColor(80, 80, 85));
    p.setColor(QPalette::Dark, QColor(150, 150, 156));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, accent);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    }
    return p;
}

// Fusion frames a check box in the window colour darkened, which is lost on a dark window: the
// frame is drawn again in a light grey over it.
class DarkStyle : public QProxyStyle {
  public:
    DarkStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}
    void drawPrimitive(PrimitiveElement pe, const QStyleOption* opt, QPainter* p,
                       const QWidget* w) const override {
        QProxyStyle::drawPrimitive(pe, opt, p, w);
        if (pe == PE_IndicatorCheckBox || pe == PE_IndicatorItemViewItemCheck) {
            p->save();
            p->setRenderHint(QPainter::Antialiasing, false);
            p->setPen(opt->palette.color(QPalette::Dark));
            p->setBrush(Qt::NoBrush);
            p->drawRect(opt->rect.adjusted(0, 0, -1, -1));
            p->restore();
        }
    }
};

} // namespace

const char* key(Theme t) {
    for (const auto& n : kThemeNames) {
        if (n.value == t) {
            return n.key;
        }
    }
    return "system";
}

Theme themeFromKey(const QString& k) {
    for (const auto& n : kThemeNames) {
        if (k == QLatin1String(n.key)) {
            return n.value;
        }
    }
    return Theme::System;
}

void applyTheme(Theme t) {
    auto& o = original();
    if (!o.saved) {
        o.style = QApplication::style()->name();
        o.palette = QApplication::palette();
        o.saved = true;
    }
    o.current = t;
    if (t == Theme::System) {
        QApplication::setStyle(QStyleFactory::create(o.style));
        QApplication::setPalette(o.palette);
        return;
    }
    if (t == Theme::Dark) {
        QApplication::setStyle(new DarkStyle);
    } else {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    }
    QApplication::setPalette(t == Theme::Dark ? darkPalette()
                                              : QApplication::style()->standardPalette());
}

Theme currentTheme() {
    return original().current;
}

} // namespace rsui
