#include "ui/bench/latency_bench.h"

#include "ui/headless_matrix.h"
#include "ui/main_window.h"
#include "ui/training/run_queue.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace rsui {

namespace {

// The run folders of `from` (probes, metrics, records; no checkpoints) into `to`. Returns the
// number of runs copied.
int copyRunsWithoutCheckpoints(const QString& from, const QString& to) {
    int runs = 0;
    for (const auto& run : QDir(from).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!QFileInfo::exists(QDir(run.filePath()).filePath("status.json"))) {
            continue;
        }
        ++runs;
        QDirIterator it(run.filePath(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (file.endsWith(".pt") || file.endsWith(".pt.sha256")) {
                continue;
            }
            const QString target = QDir(to).filePath(QDir(from).relativeFilePath(file));
            QDir().mkpath(QFileInfo(target).path());
            QFile::copy(file, target);
        }
    }
    return runs;
}

} // namespace

int measureLatency(const QString& preset, int seconds, const QString& openExperiment) {
    QTemporaryDir tmp;
    const int open =
        openExperiment.isEmpty() ? 0 : copyRunsWithoutCheckpoints(openExperiment, tmp.path());
    rsui::MainWindow w;
    w.show();
    auto runs = matrixRuns(preset, tmp.path(), true, 1);
    runs.resize(1);          // A1
    runs.front().seed = 900; // a name the copied runs do not have
    w.launch(runs, tmp.path(), false, 1);
    std::vector<double> late;
    double startup = 0.0; // the first second: window, first chart layouts, model build
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double l = std::max(0.0, (now - last) / 1e6 - 10.0);
        if (now < 1'000'000'000LL) {
            startup = std::max(startup, l);
        } else {
            late.push_back(l);
        }
        last = now;
    });
    tick.start();
    QTimer::singleShot(seconds * 1000,
                       [] { QCoreApplication::exit(0); }); // quit() would close the window
    QObject::connect(w.queue(), &rsui::RunQueue::idle, [] { QCoreApplication::exit(0); });
    QApplication::exec();
    const double measured = clock.elapsed() / 1000.0;
    w.queue()->shutdown(60000);
    std::sort(late.begin(), late.end());
    if (late.empty()) {
        std::printf("no ticks measured\n");
        return 1;
    }
    auto q = [&](double p) { return late[size_t(p * double(late.size() - 1))]; };
    std::printf("event-loop latency over %.1f s of '%s' training with the window up and %d "
                "other run(s) open (%zu ticks of 10 ms after the first second): median %.2f ms, "
                "p99 %.2f ms, max %.2f ms (goal < 50 ms); first second max %.2f ms\n",
                measured, qPrintable(preset), open, late.size(), q(0.5), q(0.99), late.back(),
                startup);
    return 0;
}

} // namespace rsui
