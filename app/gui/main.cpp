// rankscope: the workbench GUI. Without a display it runs the same matrix headless and writes
// the study figures, so the main job also works on a server or in CI.
#include "config/run_config.h"
#include "headless_matrix.h"
#include "main_window.h"
#include "screenshots.h"
#include "runs/experiment_store.h"
#include "store/experiment.h"
#include "training/run_queue.h"
#include "util/error.h"
#include "util/memory_reuse.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

bool haveDisplay() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

void installTranslator(QApplication& app, const QString& code) {
    if (code == "en") {
        return;
    }
    auto* t = new QTranslator(&app);
    if (t->load(QStringLiteral(":/i18n/rankscope_%1").arg(code))) {
        app.installTranslator(t);
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app.installTranslator(qt);
    }
}

std::vector<rs::RunConfig> matrixRuns(const QString& preset, const QString& dir, bool synthetic,
                                      int seeds) {
    rs::RunConfig base = rs::loadPreset(preset.toStdString());
    if (synthetic) {
        base.data.source = "synthetic";
    } else {
        base.data.source = "prepared";
        base.data.dir = QDir(dir).absoluteFilePath("data").toStdString();
    }
    return rs::expandMatrix(base, rs::defaultMatrix(synthetic), seeds);
}

// Event-loop latency while a run trains with the window up: a 10 ms timer measures how late
// each tick arrives. Printed as a benchmark, not asserted.
int measureLatency(const QString& preset, int seconds) {
    QTemporaryDir tmp;
    rsui::MainWindow w;
    w.show();
    auto runs = matrixRuns(preset, tmp.path(), true, 1);
    runs.resize(1); // A1
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
    std::printf("event-loop latency over %.1f s of '%s' training with the window up "
                "(%zu ticks of 10 ms after the first second): median %.2f ms, p99 %.2f ms, max "
                "%.2f ms (goal < 50 ms); first second max %.2f ms\n",
                measured, qPrintable(preset), late.size(), q(0.5), q(0.99), late.back(), startup);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    rs::keepFreedMemoryForReuse(); // before LibTorch allocates: see util/memory_reuse.h
    bool headless = false;
    for (int i = 1; i < argc; ++i) {
        headless = headless || !std::strcmp(argv[i], "--headless") ||
                   !std::strcmp(argv[i], "--measure-latency");
    }
    const bool shots = std::any_of(argv, argv + argc,
                                   [](const char* a) { return !std::strcmp(a, "--screenshots"); });
    if (!shots && (headless || !haveDisplay())) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        headless = true;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RankScope"));
    QApplication::setApplicationName(QStringLiteral("RankScope"));
    QApplication::setApplicationVersion(QStringLiteral(RANKSCOPE_VERSION));

    // Before the parser, so that --help is translated too.
    QString language = QSettings().value("language", "en").toString();
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--lang")) {
            language = QString::fromLocal8Bit(argv[i + 1]);
        }
    }
    installTranslator(app, language);

    QCommandLineParser p;
    p.setApplicationDescription(QApplication::translate(
        "main", "RankScope: what drives rank collapse of attention keys and queries?"));
    p.addHelpOption();
    p.addVersionOption();
    QCommandLineOption experiment({"e", "experiment"},
                                  QApplication::translate("main", "Open (or create) DIR."), "DIR");
    QCommandLineOption preset("preset",
                              QApplication::translate("main", "Model preset for the run matrix."),
                              "NAME", "quick");
    QCommandLineOption headlessOpt(
        "headless", QApplication::translate("main", "Train the matrix and write the figures "
                                                    "without a window (default with no display)."));
    QCommandLineOption synthetic(
        "synthetic", QApplication::translate("main", "Train on the synthetic language (offline)."));
    QCommandLineOption seeds(
        "seeds",
        QApplication::translate("main", "Seeds per cell (4: the fewest with which the report's "
                                        "permutation tests can reach p < 0.05)."),
        "N", QString::number(rs::kDefaultSeeds));
    QCommandLineOption parallel(
        "parallel",
        QApplication::translate("main", "Runs trained at once without a window (default: one per "
                                        "CPU core, one on a GPU)."),
        "N", "0");
    QCommandLineOption lang("lang", QApplication::translate("main", "Interface language (en, de)."),
                            "CODE");
    QCommandLineOption latency(
        "measure-latency",
        QApplication::translate("main", "Benchmark: event-loop latency while a run trains."));
    QCommandLineOption latencySeconds(
        "latency-seconds", QApplication::translate("main", "Length of the benchmark."), "S", "60");
    QCommandLineOption screenshots(
        "screenshots",
        QApplication::translate("main", "Save screenshots of every view of --experiment to DIR "
                                        "and quit."),
        "DIR");
    p.addOptions({experiment, preset, headlessOpt, synthetic, seeds, parallel, lang, latency,
                  latencySeconds, screenshots});
    p.process(app);

    try {
        if (p.isSet(latency)) {
            return measureLatency(p.value(preset), p.value(latencySeconds).toInt());
        }
        const QString dir =
            p.isSet(experiment) ? p.value(experiment) : QStringLiteral("runs/") + p.value(preset);
        if (p.isSet(screenshots)) {
            rsui::MainWindow w;
            w.resize(1600, 1000);
            w.show();
            if (!w.openExperiment(dir)) {
                return 1;
            }
            for (const auto& f : rsui::takeScreenshots(w, p.value(screenshots))) {
                std::printf("%s\n", qPrintable(f));
            }
            return 0;
        }
        if (headless) {
            std::fprintf(stderr,
                         "rankscope: no display, so the '%s' matrix runs headless into %s and "
                         "the figures go to %s/figures (set DISPLAY for the window)\n",
                         qPrintable(p.value(preset)), qPrintable(dir), qPrintable(dir));
            rsui::HeadlessMatrix job(matrixRuns(p.value(preset), dir, p.isSet(synthetic),
                                                std::max(1, p.value(seeds).toInt())),
                                     dir, !p.isSet(synthetic),
                                     std::max(0, p.value(parallel).toInt()));
            QObject::connect(&job, &rsui::HeadlessMatrix::done, &app, &QApplication::exit);
            QTimer::singleShot(0, &job, [&job] { job.start(); });
            return QApplication::exec();
        }
        rsui::MainWindow w;
        w.show();
        const bool exists = QDir(dir).exists();
        if (exists || p.isSet(experiment)) {
            w.openExperiment(dir, true);
        }
        // Ready to launch: the dialog opens pre-filled unless the experiment already ran.
        bool started = false;
        for (const auto* r : w.store()->runs()) {
            started = started || r->status.tokens_done > 0;
        }
        if (!started) {
            QTimer::singleShot(0, &w, [&w, &p, &preset] { w.showRunMatrix(p.value(preset)); });
        }
        return QApplication::exec();
    } catch (const rs::UserError& e) {
        std::fprintf(stderr, "rankscope: %s\n", e.what());
        return 1;
    }
}
