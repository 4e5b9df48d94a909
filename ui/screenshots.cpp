#include "ui/screenshots.h"

#include "ui/main_window.h"
#include "ui/language.h"
#include "ui/theme.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_matrix_dialog.h"
#include "ui/runs/slurm_target_box.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/views/figure_view.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QPixmap>
#include <QSlider>
#include <QTabWidget>
#include <QTimer>

namespace rsui {

namespace {

void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

template <typename Signal>
bool waitFor(const typename QtPrivate::FunctionPointer<Signal>::Object* sender, Signal signal,
             int timeoutMs) {
    QEventLoop loop;
    bool fired = false;
    auto c = QObject::connect(sender, signal, &loop, [&] {
        fired = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return fired;
}

QString saveTo(QWidget* widget, const QString& dir, const QString& name) {
    const QString path = QDir(dir).filePath(name + ".png");
    return widget->grab().save(path) ? path : QString();
}

// The dark theme, and the whole window laid out for a laptop and a desktop screen.
QStringList layoutShots(MainWindow& w, const QString& dir, int n) {
    QStringList files;
    w.tabs()->setCurrentIndex(0);
    applyTheme(Theme::Dark);
    settle(400);
    files << saveTo(&w, dir, QStringLiteral("%1-dark_trajectory").arg(++n));
    applyTheme(Theme::System);
    const std::pair<QRect, const char*> screens[] = {
        {QRect(0, 0, 1366, 768 - 28), "window_1366x768"},
        {QRect(0, 0, 1920, 1080 - 28), "window_1920x1080"}};
    for (const auto& [screen, name] : screens) {
        w.layoutForScreen(screen);
        settle(500);
        files << saveTo(&w, dir, QStringLiteral("%1-%2").arg(++n).arg(QString::fromUtf8(name)));
    }
    // German on the laptop screen, light and dark: longer words, the toolbar, translated values.
    const QString language = currentLanguage();
    setLanguage(QStringLiteral("de"));
    w.layoutForScreen(screens[0].first);
    settle(500);
    files << saveTo(&w, dir, QStringLiteral("%1-de_window_1366x768").arg(++n));
    applyTheme(Theme::Dark);
    settle(400);
    files << saveTo(&w, dir, QStringLiteral("%1-de_dark_window_1366x768").arg(++n));
    applyTheme(Theme::System);
    setLanguage(language.isEmpty() ? QStringLiteral("en") : language);
    files.removeAll(QString());
    return files;
}

} // namespace

QStringList takeScreenshots(MainWindow& w, const QString& dir) {
    QDir().mkpath(dir);
    QStringList files;
    auto save = [&](QWidget* widget, const QString& name) {
        const QString path = QDir(dir).filePath(name + ".png");
        if (widget->grab().save(path)) {
            files << path;
        }
    };
    w.store()->poll();
    settle(300);
    // The surgery panel with the last checkpoint of the first run loaded, slider at 50 %.
    auto* panel = w.surgeryPanel();
    panel->openSelected();
    if (waitFor(panel, &SurgeryPanel::readingShown, 60000)) {
        panel->slider()->setValue(50);
        for (int i = 0; i < 2; ++i) { // the estimate, then the full reading
            waitFor(panel, &SurgeryPanel::readingShown, 60000);
        }
    }
    const auto views = w.views();
    for (int i = 0; i < views.size(); ++i) {
        if (auto* smoothing = views[i]->smoothingSlider()) {
            smoothing->setValue(60); // the loss as researchers read it: smoothed over raw
        }
        w.tabs()->setCurrentIndex(i);
        settle(400);
        save(&w, QStringLiteral("%1-%2").arg(i + 1).arg(views[i]->id()));
    }
    int n = int(views.size());
    RunMatrixDialog dlg(&w);
    dlg.setOutputDir(w.store()->dir());
    dlg.show();
    dlg.fitToScreen(QRect(0, 0, 1366, 768 - 28)); // as on a laptop
    settle(300);
    save(&dlg, QStringLiteral("%1-run_matrix_dialog").arg(++n));
    ++n;
    if (dlg.targetBox()->slurmAvailable()) {
        dlg.targetBox()->chooseSlurm(true);
        settle(300);
        save(&dlg, QStringLiteral("%1-run_matrix_slurm").arg(n));
    }
    dlg.close();
    files += layoutShots(w, dir, n);
    return files;
}

} // namespace rsui
