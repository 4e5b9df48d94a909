#include "app/cli/offscreen_app.h"

#include <QApplication>

namespace rs::cli {

std::unique_ptr<QApplication> offscreenApplication(char* argv0) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    static int qargc = 1;
    static char* qargv[] = {argv0, nullptr};
    return std::make_unique<QApplication>(qargc, qargv);
}

} // namespace rs::cli
