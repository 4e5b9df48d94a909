#include "ui/app_icon.h"

namespace rsui {

QIcon applicationIcon() {
    // The theme's copy first (installed with the package), else the one compiled in.
    return QIcon::fromTheme(QStringLiteral("io.github.rankscope.RankScope"),
                            QIcon(QStringLiteral(":/icons/io.github.rankscope.RankScope.svg")));
}

} // namespace rsui
