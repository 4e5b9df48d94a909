#include "ui/figures/named_view.h"
#include "ui/figures/figure_catalog.h"

#include "core/store/experiment.h"
#include "core/util/error.h"
#include "core/util/name_table.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace rsui {

namespace {

struct BandName {
    SeedBand value;
    const char* key;
};
constexpr BandName kBandNames[] = {{SeedBand::Ci95, "ci95"},
                                   {SeedBand::Sd, "sd"},
                                   {SeedBand::MinMax, "minmax"},
                                   {SeedBand::Seeds, "seeds"}};

struct KeyUseName {
    KeyUse value;
    const char* key;
};
constexpr KeyUseName kKeyUseNames[] = {{KeyUse::PregainEnergy, "pregain_energy"},
                                       {KeyUse::Ablation, "ablation"},
                                       {KeyUse::PostgainEnergy, "postgain_energy"}};

[[noreturn]] void unknownKey(const QString& source, const char* what, const QString& key) {
    throw rs::UserError(source.toStdString() + ": unknown " + what + " '" + key.toStdString() +
                        "'; save the view again from the workbench");
}

// A key of the view file read back, or a UserError naming the file and the key.
template <typename V, typename Table>
V choiceFrom(const Table& table, const QString& key, const char* what, const QString& source) {
    if (const auto v = rs::valueIn<V>(table, key.toStdString())) {
        return *v;
    }
    unknownKey(source, what, key);
}

QJsonArray strings(const QSet<QString>& set) {
    QStringList sorted(set.begin(), set.end());
    sorted.sort();
    return QJsonArray::fromStringList(sorted);
}

QSet<QString> stringSet(const QJsonValue& v) {
    QSet<QString> out;
    for (const auto& s : v.toArray()) {
        out.insert(s.toString());
    }
    return out;
}

QJsonObject optionsJson(const FigureOptions& o) {
    QJsonObject j;
    j["metric"] = QString::fromUtf8(rs::key(o.metric));
    j["qk"] = QString::fromUtf8(rs::key(o.qk));
    j["tap"] = QString::fromUtf8(rs::key(o.tap));
    j["layer"] = o.layer;
    j["head"] = o.head;
    j["log_x"] = o.logX;
    j["log_y"] = o.logY;
    if (o.checkpoint) {
        j["checkpoint"] = qint64(*o.checkpoint);
    }
    j["focus_run"] = o.focusRun;
    j["key_use"] = QString::fromLatin1(rs::keyIn(kKeyUseNames, o.keyUse));
    QJsonArray group;
    for (const auto f : o.groupBy) {
        group.append(QString::fromUtf8(rs::key(f)));
    }
    j["group_by"] = group;
    j["seed_mean"] = o.seedMean;
    j["per_head"] = o.perHead;
    j["smoothing"] = o.smoothing;
    j["seeds"] = QString::fromLatin1(rs::keyIn(kBandNames, o.band));
    j["hidden_runs"] = strings(o.hiddenRuns);
    return j;
}

FigureOptions optionsFrom(const QJsonObject& j, const QString& source) {
    FigureOptions o;
    auto need = [&](auto parsed, const char* what) {
        if (!parsed) {
            unknownKey(source, what, j[what].toString());
        }
        return *parsed;
    };
    o.metric = need(rs::metricFromKey(j["metric"].toString("pr").toStdString()), "metric");
    o.qk = need(rs::qkFromKey(j["qk"].toString("k").toStdString()), "qk");
    o.tap = need(rs::tapFromKey(j["tap"].toString("normed").toStdString()), "tap");
    o.layer = j["layer"].toInt(-1);
    o.head = j["head"].toInt(-1);
    o.logX = j["log_x"].toBool(false);
    o.logY = j["log_y"].toBool(true);
    if (j.contains("checkpoint")) {
        o.checkpoint = int64_t(j["checkpoint"].toInteger());
    }
    o.focusRun = j["focus_run"].toString();
    o.keyUse = choiceFrom<KeyUse>(kKeyUseNames, j["key_use"].toString("pregain_energy"), "key_use",
                                  source);
    for (const auto& f : j["group_by"].toArray()) {
        const auto factor = rs::factorFromKey(f.toString().toStdString());
        if (!factor) {
            throw rs::UserError(source.toStdString() + ": unknown factor '" +
                                f.toString().toStdString() + "' in group_by");
        }
        o.groupBy.push_back(*factor);
    }
    o.seedMean = j["seed_mean"].toBool(false);
    o.perHead = j["per_head"].toBool(false);
    o.smoothing = std::clamp(j["smoothing"].toDouble(0.0), 0.0, 0.99);
    o.band = choiceFrom<SeedBand>(kBandNames, j["seeds"].toString("ci95"), "seeds", source);
    o.hiddenRuns = stringSet(j["hidden_runs"]);
    return o;
}

const FigureSpec* specOf(const QString& id) {
    for (const auto& spec : figureCatalog()) {
        if (id == QLatin1String(spec.id)) {
            return &spec;
        }
    }
    return nullptr;
}

} // namespace

QByteArray toJson(const NamedView& v) {
    QJsonObject j = optionsJson(v.options);
    j["rankscope_view"] = 1;
    j["name"] = v.name;
    j["figure"] = v.figure;
    j["hidden_series"] = strings(v.hiddenSeries);
    if (v.range) {
        j["range"] = QJsonObject{{"x0", v.range->left()},
                                 {"x1", v.range->right()},
                                 {"y0", v.range->top()},
                                 {"y1", v.range->bottom()}};
    }
    return QJsonDocument(j).toJson(QJsonDocument::Indented);
}

NamedView namedViewFromJson(const QByteArray& json, const QString& source) {
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(json, &err);
    if (!doc.isObject()) {
        throw rs::UserError(source.toStdString() + " is not a view file (" +
                            err.errorString().toStdString() +
                            "); save one with View → Save view in the workbench");
    }
    const QJsonObject j = doc.object();
    if (j["rankscope_view"].toInt() != 1) {
        throw rs::UserError(source.toStdString() +
                            ": not a RankScope view of format 1 (key rankscope_view)");
    }
    NamedView v;
    v.name = j["name"].toString();
    v.figure = j["figure"].toString();
    if (!specOf(v.figure)) {
        throw rs::UserError(source.toStdString() + ": unknown figure '" + v.figure.toStdString() +
                            "'");
    }
    v.options = optionsFrom(j, source);
    v.hiddenSeries = stringSet(j["hidden_series"]);
    if (j.contains("range")) {
        const auto r = j["range"].toObject();
        const QPointF a(r["x0"].toDouble(), r["y0"].toDouble());
        const QPointF b(r["x1"].toDouble(), r["y1"].toDouble());
        if (!(b.x() > a.x()) || !(b.y() > a.y())) {
            throw rs::UserError(source.toStdString() + ": the range needs x0 < x1 and y0 < y1");
        }
        v.range = QRectF(a, b);
    }
    return v;
}

QString namedViewPath(const QString& experimentDir, const QString& name) {
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    QString file = name.trimmed();
    file.replace(unsafe, QStringLiteral("_"));
    if (file.isEmpty() || file.startsWith(QLatin1Char('.'))) {
        file.prepend(QStringLiteral("view"));
    }
    return QDir(experimentDir).filePath(QStringLiteral("views/%1.json").arg(file));
}

void saveNamedView(const NamedView& v, const QString& path) {
    writeBytes(toJson(v), path);
}

NamedView loadNamedView(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        throw rs::UserError("cannot read the view '" + path.toStdString() +
                            "': " + f.errorString().toStdString());
    }
    return namedViewFromJson(f.readAll(), path);
}

FigureData viewFigure(const NamedView& v, const Runs& runs) {
    const auto* spec = specOf(v.figure);
    FigureData f = spec->build(runs, v.options);
    f.hidden = v.hiddenSeries;
    if (v.range && !f.heat) {
        f.viewRange = v.range;
    }
    return f.shown();
}

QStringList writeViewFigure(const QString& experimentDir, const QString& viewFile,
                            const QString& outDir, const ExportSize& size) {
    const NamedView v = loadNamedView(viewFile);
    rs::ExperimentFollower exp(experimentDir.toStdString());
    exp.poll();
    const FigureData f = viewFigure(v, exp.runs());
    // Files named by the view; the CSV's figure column keeps the figure's id.
    const QString stem =
        QFileInfo(namedViewPath(outDir, v.name.isEmpty() ? v.figure : v.name)).completeBaseName();
    const QString base = QDir(outDir).filePath(stem);
    exportPng(f, base + ".png", size);
    exportSvg(f, base + ".svg", size);
    exportCsv(f, base + ".csv");
    return {base + ".png", base + ".svg", base + ".csv"};
}

} // namespace rsui
