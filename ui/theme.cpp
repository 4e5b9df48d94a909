#include "ui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
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
    const QColor window(45, 45, 48), base(30, 30, 33), text(232, 232, 232), accent(86, 156, 214);
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
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(t == Theme::Dark ? darkPalette()
                                              : QApplication::style()->standardPalette());
}

Theme currentTheme() {
    return original().current;
}

} // namespace rsui
