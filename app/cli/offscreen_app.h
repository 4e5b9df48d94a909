#pragma once

#include <memory>
#include <string>

class QApplication;

namespace rs::cli {

// Charts render through QtWidgets: an application object on the offscreen platform unless the
// caller chose one (no display needed).
std::unique_ptr<QApplication> offscreenApplication(const std::string& argv0);

} // namespace rs::cli
