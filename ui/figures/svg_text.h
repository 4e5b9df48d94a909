#pragma once

#include <QByteArray>
#include <QString>

namespace rsui {

// QSvgGenerator's text, made to render the same outside Qt: the font family it writes ("Sans
// Serif", a fontconfig alias browsers do not know) becomes the family Qt drew with followed by
// generic fallbacks, and the pieces Qt positions separately where a string changes script
// ("ratio (" then "Σσ)²") are joined into one <text>, so a viewer with other font metrics
// lays the string out whole instead of leaving gaps.
QByteArray portableSvgText(const QByteArray& svg, const QString& drawnFamily);

} // namespace rsui
