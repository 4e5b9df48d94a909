#pragma once

#include <QString>

namespace rsui {

// The application's look: the desktop's, or RankScope's own light or dark palette (Fusion
// style, so the palette reaches every widget). Charts follow it through their palette.
enum class Theme { System, Light, Dark };

struct ThemeName {
    Theme value;
    const char* key; // the settings value
};
inline constexpr ThemeName kThemeNames[] = {
    {Theme::System, "system"}, {Theme::Light, "light"}, {Theme::Dark, "dark"}};

const char* key(Theme t);
Theme themeFromKey(const QString& key); // unknown: System

void applyTheme(Theme t);
Theme currentTheme();

} // namespace rsui
