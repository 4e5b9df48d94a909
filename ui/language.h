#pragma once

#include <QString>

namespace rsui {

// The interface languages: code and name in that language.
struct LanguageName {
    const char* code;
    const char* name;
};
inline constexpr LanguageName kLanguages[] = {{"en", "English"}, {"de", "Deutsch"}};

// Replaces the application's translators by those of `code` ("en": none), RankScope's from
// `qmDir` (the binary's resources by default) and Qt's own. Qt then sends LanguageChange to
// every widget, which re-labels itself: no restart. Returns false when `code` has no
// translation there (the interface stays in English).
bool setLanguage(const QString& code, const QString& qmDir = QStringLiteral(":/i18n"));
QString currentLanguage();

} // namespace rsui
