#pragma once

#include <QIcon>

namespace rsui {

// RankScope's own icon (resources/icons, compiled in): the window's and the tray's.
QIcon applicationIcon();

} // namespace rsui
