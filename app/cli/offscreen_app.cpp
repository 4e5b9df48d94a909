#include "app/cli/offscreen_app.h"

#include <QApplication>

namespace rs::cli {

std::unique_ptr<QApplication> offscreenApplication(const std::string& argv0) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // QApplication keeps argc and argv for its lifetime: static storage.
    static std::string program;
    program = argv0;
    static int qargc = 1;
    static char* qargv[] = {program.data(), nullptr};
    return std::make_unique<QApplication>(qargc, qargv);
}

} // namespace rs::cli
