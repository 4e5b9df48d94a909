#include "ui/figures/svg_text.h"

#include <QRegularExpression>

namespace rsui {

namespace {

// One <text ...>content</text> element, its attributes and content captured; only whitespace
// may separate two pieces of one string.
const QRegularExpression& textElement() {
    static const QRegularExpression re(QStringLiteral(R"(<text([^>]*)>([^<]*)</text>)"));
    return re;
}

// The attributes without x (a later piece differs from the first only there).
QString withoutX(const QString& attributes) {
    static const QRegularExpression x(QStringLiteral(R"(\sx="[^"]*")"));
    QString a = attributes;
    a.remove(x);
    return a.simplified();
}

QString joinPieces(const QString& in) {
    QString out;
    out.reserve(in.size());
    qsizetype at = 0;
    auto it = textElement().globalMatch(in);
    QString pendingAttrs, pendingText;
    qsizetype pendingEnd = -1;
    auto flush = [&] {
        if (pendingEnd >= 0) {
            out += QStringLiteral("<text") + pendingAttrs + QStringLiteral(">") + pendingText +
                   QStringLiteral("</text>");
            pendingEnd = -1;
        }
    };
    while (it.hasNext()) {
        const auto m = it.next();
        const QString between = in.mid(at, m.capturedStart() - at);
        const bool continues = pendingEnd >= 0 && between.trimmed().isEmpty() &&
                               withoutX(m.captured(1)) == withoutX(pendingAttrs);
        if (continues) {
            pendingText += m.captured(2);
        } else {
            flush();
            out += between;
            pendingAttrs = m.captured(1);
            pendingText = m.captured(2);
        }
        pendingEnd = m.capturedEnd();
        at = m.capturedEnd();
    }
    flush();
    out += in.mid(at);
    return out;
}

} // namespace

QByteArray portableSvgText(const QByteArray& svg, const QString& drawnFamily) {
    QString s = joinPieces(QString::fromUtf8(svg));
    const QString families =
        QStringLiteral("font-family=\"%1, 'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif\"")
            .arg(QString(drawnFamily).remove(QLatin1Char('"')).remove(QLatin1Char('\'')));
    static const QRegularExpression family(QStringLiteral(R"(font-family="[^"]*")"));
    s.replace(family, families);
    return s.toUtf8();
}

} // namespace rsui
