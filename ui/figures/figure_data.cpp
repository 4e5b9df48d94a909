#include "ui/figures/figure_data.h"
#include "core/util/csv.h"

#include <QTextStream>

namespace rsui {

bool FigureData::empty() const {
    for (const auto& s : series) {
        if (!s.points.isEmpty()) {
            return false;
        }
    }
    return true;
}

QString FigureData::toCsv() const {
    QString out;
    QTextStream ts(&out);
    ts.setRealNumberPrecision(10);
    ts << "figure,series,kind,x,y,y_upper\n";
    auto quoted = [](const QString& s) {
        return QString::fromStdString(rs::csvField(s.toStdString()));
    };
    for (const auto& s : series) {
        const char* kind = s.kind == PlotSeries::Kind::Line      ? "line"
                           : s.kind == PlotSeries::Kind::Scatter ? "scatter"
                                                                 : "band";
        for (qsizetype i = 0; i < s.points.size(); ++i) {
            ts << id << ',' << quoted(s.name) << ',' << kind << ',' << s.points[i].x() << ','
               << s.points[i].y() << ',';
            if (s.kind == PlotSeries::Kind::Band && i < s.upper.size()) {
                ts << s.upper[i].y();
            }
            ts << '\n';
        }
    }
    return out;
}

} // namespace rsui
