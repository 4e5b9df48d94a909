#include "ui/figures/svg_text.h"

#include <QFont>
#include <QFontMetricsF>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

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

QString attribute(const QString& attributes, const QString& name) {
    const QRegularExpression re(QStringLiteral(R"re(\s%1="([^"]*)")re").arg(name));
    const auto m = re.match(attributes);
    return m.hasMatch() ? m.captured(1) : QString();
}

// XML's escapes back to text, for measuring.
QString unescaped(QString t) {
    t.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    t.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    t.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    t.replace(QStringLiteral("&apos;"), QStringLiteral("'"));
    t.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return t;
}

// How far `text` advances in the element's font, in canvas units (measured at 64x the size so
// that whole pixel sizes stay proportional).
double advance(const QString& attributes, const QString& text, const QString& family) {
    QFont f(family);
    const double size = attribute(attributes, QStringLiteral("font-size")).toDouble();
    f.setPixelSize(std::max(1, int(std::lround(size * 64))));
    f.setWeight(QFont::Weight(attribute(attributes, QStringLiteral("font-weight")).toInt()));
    f.setItalic(attribute(attributes, QStringLiteral("font-style")) == QStringLiteral("italic"));
    return QFontMetricsF(f).horizontalAdvance(unescaped(text)) / 64.0;
}

// Whether `next` starts where `previous` (attributes, text) ends: pieces of one string, not
// two labels side by side.
bool continues(const QString& prevAttrs, const QString& prevText, const QString& nextAttrs,
               const QString& family) {
    if (withoutX(prevAttrs) != withoutX(nextAttrs)) {
        return false;
    }
    const double x0 = attribute(prevAttrs, QStringLiteral("x")).toDouble();
    const double x1 = attribute(nextAttrs, QStringLiteral("x")).toDouble();
    const double size = attribute(prevAttrs, QStringLiteral("font-size")).toDouble();
    return std::abs(x1 - (x0 + advance(prevAttrs, prevText, family))) <= 0.35 * size;
}

QString joinPieces(const QString& in, const QString& family) {
    QString out;
    out.reserve(in.size());
    qsizetype at = 0;
    auto it = textElement().globalMatch(in);
    QString firstAttrs, lastAttrs, lastText, joined;
    bool pending = false;
    auto flush = [&] {
        if (pending) {
            out += QStringLiteral("<text") + firstAttrs + QStringLiteral(">") + joined +
                   QStringLiteral("</text>");
            pending = false;
        }
    };
    while (it.hasNext()) {
        const auto m = it.next();
        const QString between = in.mid(at, m.capturedStart() - at);
        if (pending && between.trimmed().isEmpty() &&
            continues(lastAttrs, lastText, m.captured(1), family)) {
            joined += m.captured(2);
        } else {
            flush();
            out += between;
            firstAttrs = m.captured(1);
            joined = m.captured(2);
            pending = true;
        }
        lastAttrs = m.captured(1);
        lastText = m.captured(2);
        at = m.capturedEnd();
    }
    flush();
    out += in.mid(at);
    return out;
}

} // namespace

QByteArray portableSvgText(const QByteArray& svg, const QString& drawnFamily) {
    QString s = joinPieces(QString::fromUtf8(svg), drawnFamily);
    QString drawn = QString(drawnFamily).remove(QLatin1Char('"')).remove(QLatin1Char('\''));
    const QString fallbacks = QStringLiteral("Verdana, Arial, Helvetica, sans-serif");
    const QString families =
        QStringLiteral("font-family=\"%1\"")
            .arg(drawn == QStringLiteral("DejaVu Sans")
                     ? QStringLiteral("'DejaVu Sans', ") + fallbacks
                     : QStringLiteral("'%1', 'DejaVu Sans', ").arg(drawn) + fallbacks);
    static const QRegularExpression family(QStringLiteral(R"(font-family="[^"]*")"));
    s.replace(family, families);
    return s.toUtf8();
}

} // namespace rsui
