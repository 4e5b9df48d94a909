#pragma once

#include <QString>

namespace rsui {

// Benchmark: event-loop latency while one run of `preset` trains with the main window up; a
// 10 ms timer measures how late each tick arrives over `seconds`. Prints median, p99 and max
// (goal < 50 ms) and returns the exit code. Needs a QApplication.
int measureLatency(const QString& preset, int seconds);

} // namespace rsui
