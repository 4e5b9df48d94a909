#include "ui/language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

#include <memory>

namespace rsui {

namespace {

struct Installed {
    std::unique_ptr<QTranslator> own, qt;
    QString code = QStringLiteral("en");
};

Installed& installed() {
    static Installed i;
    return i;
}

} // namespace

bool setLanguage(const QString& code, const QString& qmDir) {
    auto& i = installed();
    for (auto* t : {i.own.get(), i.qt.get()}) {
        if (t) {
            QCoreApplication::removeTranslator(t);
        }
    }
    i.own.reset();
    i.qt.reset();
    i.code = QStringLiteral("en");
    bool ok = true;
    if (code != QLatin1String("en")) {
        auto own = std::make_unique<QTranslator>();
        ok = own->load(QDir(qmDir).filePath(QStringLiteral("rankscope_%1").arg(code)));
        if (ok) {
            QCoreApplication::installTranslator(own.get());
            i.own = std::move(own);
            i.code = code;
        }
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            i.qt = std::move(qt);
        }
    }
    return ok; // installing and removing translators has sent QEvent::LanguageChange
}

QString currentLanguage() {
    return installed().code;
}

} // namespace rsui
