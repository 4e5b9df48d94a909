#include "ui/screenshots.h"

#include "ui/main_window.h"
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
        w.tabs()->setCurrentIndex(i);
        settle(400);
        save(&w, QStringLiteral("%1-%2").arg(i + 1).arg(views[i]->id()));
    }
    RunMatrixDialog dlg(&w);
    dlg.setOutputDir(w.store()->dir());
    dlg.show();
    settle(300);
    save(&dlg, QStringLiteral("7-run_matrix_dialog"));
    if (dlg.targetBox()->slurmAvailable()) {
        dlg.targetBox()->chooseSlurm(true);
        dlg.adjustSize();
        settle(300);
        save(&dlg, QStringLiteral("8-run_matrix_slurm"));
    }
    dlg.close();
    return files;
}

} // namespace rsui
