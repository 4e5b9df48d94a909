#pragma once

#include <QString>

namespace rsui {

// Benchmark: event-loop latency while one run of `preset` trains with the main window up; a
// 10 ms timer measures how late each tick arrives over `seconds`. Prints median, p99 and max
// (goal < 50 ms) and returns the exit code. Needs a QApplication. `openExperiment`: its runs
// are open in the window too (copied without checkpoints into the temporary experiment), so
// the cost of following and drawing many runs is measured.
int measureLatency(const QString& preset, int seconds, const QString& openExperiment = {});

} // namespace rsui
