// rankscope: the workbench GUI. Without a display it runs the same matrix headless and writes
// the study figures, so the main job also works on a server or in CI.
#include "core/config/run_config.h"
#include "ui/bench/latency_bench.h"
#include "ui/headless_matrix.h"
#include "ui/app_icon.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/screenshots.h"
#include "ui/theme.h"
#include "ui/runs/experiment_store.h"
#include "core/store/experiment.h"
#include "core/util/error.h"
#include "core/util/memory_reuse.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool haveDisplay() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// The options of the window and the headless job, parsed after the translator is installed so
// that --help is translated too.
struct Options {
    QCommandLineOption experiment{
        {"e", "experiment"}, QApplication::translate("main", "Open (or create) DIR."), "DIR"};
    QCommandLineOption preset{"preset",
                              QApplication::translate("main", "Model preset for the run matrix."),
                              "NAME", "quick"};
    QCommandLineOption headless{
        "headless", QApplication::translate("main", "Train the matrix and write the figures "
                                                    "without a window (default with no display).")};
    QCommandLineOption synthetic{
        "synthetic", QApplication::translate("main", "Train on the synthetic language (offline).")};
    QCommandLineOption seeds{
        "seeds",
        QApplication::translate("main", "Seeds per cell (4: the fewest with which the report's "
                                        "permutation tests can reach p < 0.05)."),
        "N", QString::number(rs::kDefaultSeeds)};
    QCommandLineOption parallel{
        "parallel",
        QApplication::translate("main", "Runs trained at once without a window (default: one per "
                                        "CPU core, one on a GPU)."),
        "N", "0"};
    QCommandLineOption lang{"lang", QApplication::translate("main", "Interface language (en, de)."),
                            "CODE"};
    QCommandLineOption latency{
        "measure-latency",
        QApplication::translate("main", "Benchmark: event-loop latency while a run trains "
                                        "(with --experiment: that experiment's runs open too).")};
    QCommandLineOption latencySeconds{
        "latency-seconds", QApplication::translate("main", "Length of the benchmark."), "S", "60"};
    QCommandLineOption screenshots{
        "screenshots",
        QApplication::translate("main", "Save screenshots of every view of --experiment to DIR "
                                        "and quit."),
        "DIR"};

    void parse(QCommandLineParser& p, const QApplication& app) {
        p.setApplicationDescription(QApplication::translate(
            "main", "RankScope: what drives rank collapse of attention keys and queries?"));
        p.addHelpOption();
        p.addVersionOption();
        p.addOptions({experiment, preset, headless, synthetic, seeds, parallel, lang, latency,
                      latencySeconds, screenshots});
        p.addPositionalArgument(
            QStringLiteral("folder"),
            QApplication::translate("main", "An experiment folder to open (as --experiment)."),
            QStringLiteral("[FOLDER]"));
        p.process(app);
    }

    // --experiment DIR, else the FOLDER argument, else runs/<preset>. Throws UserError when
    // both name a folder, or more than one FOLDER is given.
    QString folder(const QCommandLineParser& p) const {
        const auto args = p.positionalArguments();
        if (args.size() > 1 || (args.size() == 1 && p.isSet(experiment))) {
            throw rs::UserError("give one experiment folder, as FOLDER or as --experiment DIR");
        }
        if (p.isSet(experiment)) {
            return p.value(experiment);
        }
        return args.isEmpty() ? QStringLiteral("runs/") + p.value(preset) : args.front();
    }
};

// --lang CODE, else the language chosen in the window's settings.
QString languageOf(int argc, char** argv) {
    QString language = QSettings().value("language", "en").toString();
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--lang")) {
            language = QString::fromLocal8Bit(argv[i + 1]);
        }
    }
    return language;
}

int saveScreenshots(const QString& dir, const QString& out) {
    rsui::MainWindow w;
    w.resize(1600, 1000);
    w.show();
    if (!w.openExperiment(dir)) {
        return 1;
    }
    for (const auto& f : rsui::takeScreenshots(w, out)) {
        std::printf("%s\n", qPrintable(f));
    }
    return 0;
}

int runHeadless(const QCommandLineParser& p, const Options& o, const QString& dir) {
    const QString preset = p.value(o.preset);
    std::fprintf(stderr,
                 "rankscope: no display, so the '%s' matrix runs headless into %s and the "
                 "figures go to %s/figures (set DISPLAY for the window)\n",
                 qPrintable(preset), qPrintable(dir), qPrintable(dir));
    rsui::HeadlessMatrix job(
        rsui::matrixRuns(preset, dir, p.isSet(o.synthetic), std::max(1, p.value(o.seeds).toInt())),
        dir, !p.isSet(o.synthetic), std::max(0, p.value(o.parallel).toInt()));
    QObject::connect(&job, &rsui::HeadlessMatrix::done, qApp, &QApplication::exit);
    QTimer::singleShot(0, &job, [&job] { job.start(); });
    return QApplication::exec();
}

int runWindow(const QCommandLineParser& p, const Options& o, const QString& dir) {
    rsui::MainWindow w;
    w.show();
    if (QDir(dir).exists() || p.isSet(o.experiment) || !p.positionalArguments().isEmpty()) {
        w.openExperiment(dir, true);
    }
    // Ready to launch: the dialog opens pre-filled unless the experiment already ran.
    bool started = false;
    for (const auto* r : w.store()->runs()) {
        started = started || r->status.tokens_done > 0;
    }
    if (!started) {
        const QString preset = p.value(o.preset);
        QTimer::singleShot(0, &w, [&w, preset] { w.showRunMatrix(preset); });
    }
    return QApplication::exec();
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
    // The desktop entry and AppStream id: Wayland and docks group the window under its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.rankscope.RankScope"));
    QApplication::setWindowIcon(rsui::applicationIcon());
    rsui::setLanguage(languageOf(argc, argv));
    rsui::applyTheme(rsui::themeFromKey(QSettings().value("theme").toString()));
    Options o;
    QCommandLineParser p;
    o.parse(p, app);
    try {
        if (p.isSet(o.latency)) {
            return rsui::measureLatency(p.value(o.preset), p.value(o.latencySeconds).toInt(),
                                        p.value(o.experiment));
        }
        const QString dir = o.folder(p);
        if (p.isSet(o.screenshots)) {
            return saveScreenshots(dir, p.value(o.screenshots));
        }
        return headless ? runHeadless(p, o, dir) : runWindow(p, o, dir);
    } catch (const rs::UserError& e) {
        std::fprintf(stderr, "rankscope: %s\n", e.what());
        return 1;
    }
}
