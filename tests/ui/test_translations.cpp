#include "core/config/run_config.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <set>

namespace {

// Placeholders (%1, %n) a translation must keep.
std::multiset<QString> placeholders(const QString& s) {
    std::multiset<QString> out;
    auto it = QRegularExpression(QStringLiteral("%(\\d|n)")).globalMatch(s);
    while (it.hasNext()) {
        out.insert(it.next().captured(0));
    }
    return out;
}

} // namespace

TEST(Translations, GermanIsCompleteAndKeepsEveryPlaceholder) {
    QFile ts(QStringLiteral(RANKSCOPE_TRANSLATIONS_DIR "/rankscope_de.ts"));
    ASSERT_TRUE(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    QString source;
    int messages = 0, unfinished = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            ++messages;
        } else if (xml.name() == QLatin1String("translation")) {
            const bool bad = xml.attributes().value("type") == QLatin1String("unfinished") ||
                             xml.attributes().value("type") == QLatin1String("vanished");
            unfinished += bad ? 1 : 0;
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            EXPECT_FALSE(text.isEmpty()) << source.toStdString();
            if (!source.contains("%n")) {
                EXPECT_EQ(placeholders(text), placeholders(source)) << source.toStdString();
            }
        }
    }
    EXPECT_FALSE(xml.hasError());
    EXPECT_GT(messages, 200);
    EXPECT_EQ(unfinished, 0);
}

TEST(Translations, CompiledGermanTranslatesTheWindow) {
    QTranslator t;
    ASSERT_TRUE(t.load(QStringLiteral(RANKSCOPE_QM_DIR "/rankscope_de.qm")));
    EXPECT_EQ(t.translate("rsui::MainWindow", "Runs"), QStringLiteral("Läufe"));
    EXPECT_EQ(t.translate("rsui::RunTableModel", "done"), QStringLiteral("fertig"));
    EXPECT_EQ(t.translate("rsui::MainWindow", "%1 of %n run(s) done", nullptr, 3),
              QStringLiteral("%1 von %n Läufen fertig"));
}

// The matrix file is data: its labels and descriptions reach German through the list in
// ui/runs/matrix_text.cpp. A cell added to the file without a listed, translated text shows in
// English; this names it.
TEST(Translations, MatrixFileWordsAreListedAndTranslated) {
    QTranslator t;
    ASSERT_TRUE(t.load(QStringLiteral(RANKSCOPE_QM_DIR "/rankscope_de.qm")));
    for (const auto& c : rs::matrixCells()) {
        for (const auto& text : {c.label, c.description}) {
            EXPECT_FALSE(t.translate("MatrixCell", text.c_str()).isEmpty())
                << c.cell << ": '" << text << "' has no German text in ui/runs/matrix_text.cpp";
        }
    }
}
