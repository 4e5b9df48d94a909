#include "ui/bench/latency_bench.h"

#include "ui/headless_matrix.h"
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/training/run_queue.h"

#include "core/store/experiment.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QEventLoop>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QSlider>
#include <QThread>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>
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

// Runs the event loop until `done` (polled every 2 ms) or `timeoutMs`; returns whether it came.
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(2); // the worker computes meanwhile: no busy loop
    }
    return done();
}

struct Quantiles {
    std::vector<double> v;
    void print(const char* what) {
        std::sort(v.begin(), v.end());
        if (v.empty()) {
            std::printf("  %s: none\n", what);
            return;
        }
        std::printf("  %s: median %.0f ms, max %.0f ms (%zu)\n", what, v[v.size() / 2], v.back(),
                    v.size());
    }
};

// A drag of the surgery slider to `to` in a few steps, then its release.
void drag(QSlider* s, int to) {
    s->setSliderDown(true);
    const int from = s->value();
    for (int i = 1; i <= 4; ++i) {
        s->setValue(from + (to - from) * i / 4);
    }
    s->setSliderDown(false); // emits sliderReleased
}

// Release-to-readout latency of the surgery slider on the last checkpoint of `run`: the
// estimate and the full reading after a release with nothing computing, and the estimate after
// a release that overtakes a full reading still computing (the older request is dropped).
void measureSurgery(MainWindow& w, const QString& run, qint64 checkpoint) {
    SurgeryPanel* panel = w.surgeryPanel();
    panel->setRuns(w.store()->runs());
    panel->select(run, checkpoint);
    std::vector<SurgeryReading> got;
    QElapsedTimer clock;
    auto conn = QObject::connect(panel, &SurgeryPanel::readingShown,
                                 [&](const SurgeryReading& r) { got.push_back(r); });
    QString failure;
    auto failed =
        QObject::connect(panel, &SurgeryPanel::message, [&](const QString& m) { failure = m; });
    clock.start();
    panel->openSelected();
    if (!waitFor([&] { return got.size() >= 2 || !failure.isEmpty(); }, 120000) ||
        !failure.isEmpty()) {
        std::printf("surgery: the checkpoint did not open: %s\n", qPrintable(failure));
        QObject::disconnect(failed);
        QObject::disconnect(conn);
        return;
    }
    QObject::disconnect(failed);
    const double load = double(clock.elapsed());
    Quantiles idle, full, overtaking;
    auto readingFor = [&](double fraction, bool subset) {
        return std::any_of(got.begin(), got.end(), [&](const SurgeryReading& r) {
            return std::abs(r.fraction - fraction) < 1e-9 && r.subset == subset;
        });
    };
    for (int to : {40, 70, 20, 90, 50, 10, 60, 30}) {
        got.clear();
        clock.restart();
        drag(panel->slider(), to);
        const double f = to / 100.0;
        if (waitFor([&] { return readingFor(f, true); }, 30000)) {
            idle.v.push_back(double(clock.elapsed()));
        }
        if (waitFor([&] { return readingFor(f, false); }, 60000)) {
            full.v.push_back(double(clock.elapsed()));
        }
        // Release again 30 ms into the next full reading: the new position must not wait for it.
        const int next = to >= 50 ? to - 25 : to + 25;
        got.clear();
        drag(panel->slider(), next == to ? to + 1 : next + 1);
        waitFor([&] { return readingFor((next + 1) / 100.0, true); }, 30000);
        waitFor([] { return false; }, 30);
        got.clear();
        clock.restart();
        drag(panel->slider(), next);
        if (waitFor([&] { return readingFor(next / 100.0, true); }, 30000)) {
            overtaking.v.push_back(double(clock.elapsed()));
        }
        waitFor([&] { return readingFor(next / 100.0, false); }, 60000);
    }
    QObject::disconnect(conn);
    std::printf("surgery slider on %s at %lld tokens (checkpoint loaded and bases computed in "
                "%.0f ms), release to readout:\n",
                qPrintable(run), static_cast<long long>(checkpoint), load);
    idle.print("estimate, nothing computing (goal < 150 ms)");
    overtaking.print("estimate, overtaking a full reading still computing");
    full.print("full test set reading");
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
    QTimer stop;
    stop.setSingleShot(true);
    QObject::connect(&stop, &QTimer::timeout,
                     [] { QCoreApplication::exit(0); }); // quit() would close the window
    stop.start(seconds * 1000);
    // Ends the measurement once; a later idle (the cancelled run stopping) must not exit the
    // surgery measurement's event processing.
    auto idle =
        QObject::connect(w.queue(), &rsui::RunQueue::idle, [] { QCoreApplication::exit(0); });
    QApplication::exec();
    QObject::disconnect(idle);
    stop.stop();
    const double measured = clock.elapsed() / 1000.0;
    w.queue()->shutdown(60000);
    const QString trained = QString::fromStdString(runs.front().runName());
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
    std::fflush(stdout);
    // The surgery slider, on what the run wrote, with nothing training beside it.
    w.store()->poll();
    for (const auto* r : w.store()->runs()) {
        if (QString::fromStdString(r->name) == trained && !r->checkpointTokens().empty()) {
            measureSurgery(w, trained, qint64(r->checkpointTokens().back()));
        }
    }
    return 0;
}

} // namespace rsui
