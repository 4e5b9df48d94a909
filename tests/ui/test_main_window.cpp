// The main window's menus, shortcuts and notifications (ui/main_window).
#include "core/store/run_dir.h"
#include "ui/app_icon.h"
#include "ui/main_window.h"
#include "ui/training/run_queue.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

#include <gtest/gtest.h>

namespace {

QAction* menuAction(QMenuBar* bar, const QString& menu, const QString& text) {
    for (auto* m : bar->findChildren<QMenu*>()) {
        if (m->title().remove('&') != menu) {
            continue;
        }
        for (auto* a : m->actions()) {
            if (a->text().remove('&') == text) {
                return a;
            }
        }
    }
    return nullptr;
}

} // namespace

TEST(MainWindow, ViewMenuShortcutsAboutQtAndIcon) {
    rsui::MainWindow w;
    auto* bar = w.menuBar();
    auto* runsDock = menuAction(bar, "View", "Runs");
    auto* surgeryDock = menuAction(bar, "View", "Surgery");
    ASSERT_NE(runsDock, nullptr);
    ASSERT_NE(surgeryDock, nullptr);
    EXPECT_TRUE(runsDock->isCheckable());
    ASSERT_NE(menuAction(bar, "View", "Main"), nullptr); // the toolbar
    ASSERT_NE(menuAction(bar, "Help", "About Qt"), nullptr);
    const auto* exportAll = menuAction(bar, "File", "Export all figures…");
    const auto* report = menuAction(bar, "File", "Report…");
    const auto* cancel = menuAction(bar, "Runs", "Cancel run");
    ASSERT_TRUE(exportAll && report && cancel);
    EXPECT_EQ(exportAll->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    EXPECT_EQ(report->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    EXPECT_EQ(cancel->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Period));
    // The icon is RankScope's own, drawable at the sizes desktops ask for.
    const QIcon icon = rsui::applicationIcon();
    ASSERT_FALSE(icon.isNull());
    EXPECT_FALSE(icon.pixmap(64, 64).isNull());
}

TEST(MainWindow, ARunEndingInTheBackgroundIsNotified) {
    rsui::MainWindow w; // not shown, so not the active window
    QMetaObject::invokeMethod(w.queue(), "runFinished", Q_ARG(QString, QStringLiteral("A1-s0")),
                              Q_ARG(int, int(rs::RunState::Diverged)),
                              Q_ARG(QString, QStringLiteral("loss is NaN at step 6")));
    EXPECT_EQ(w.lastNotification().toStdString(), "A1-s0 failed: loss is NaN at step 6");
    QMetaObject::invokeMethod(w.queue(), "runFinished", Q_ARG(QString, QStringLiteral("A2-s0")),
                              Q_ARG(int, int(rs::RunState::Done)), Q_ARG(QString, QString()));
    EXPECT_EQ(w.lastNotification().toStdString(), "A2-s0 finished");
}
