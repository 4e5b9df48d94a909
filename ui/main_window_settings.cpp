// The Settings menu (language, theme) and re-labelling the window when the language changes.
#include "ui/main_window.h"

#include "ui/figures/figure_catalog.h"
#include "ui/language.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_table_model.h"
#include "ui/theme.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

namespace rsui {

void MainWindow::buildSettingsMenu(QMenu* settings) {
    auto* lang = settings->addMenu(tr("&Language"));
    auto* group = new QActionGroup(lang);
    for (const auto& l : kLanguages) {
        auto* a = lang->addAction(QString::fromUtf8(l.name));
        a->setCheckable(true);
        a->setChecked(currentLanguage() == QLatin1String(l.code));
        group->addAction(a);
        connect(a, &QAction::triggered, this,
                [this, c = QString::fromUtf8(l.code)] { chooseLanguage(c); });
    }
    auto* theme = settings->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(theme);
    for (const auto& t : kThemeNames) {
        auto* a = theme->addAction(themeLabel(t.value));
        a->setCheckable(true);
        a->setChecked(currentTheme() == t.value);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [this, v = t.value] { chooseTheme(v); });
    }
    auto* darkExports = settings->addAction(tr("&Dark figure exports"));
    darkExports->setCheckable(true);
    darkExports->setChecked(QSettings().value("export/dark", false).toBool());
    darkExports->setToolTip(tr("Export figures on a dark background (light suits print)"));
    connect(darkExports, &QAction::toggled, this,
            [](bool on) { QSettings().setValue("export/dark", on); });
}

QString MainWindow::themeLabel(Theme t) {
    switch (t) {
    case Theme::System:
        return tr("As the desktop");
    case Theme::Light:
        return tr("Light");
    case Theme::Dark:
        return tr("Dark");
    }
    return {};
}

void MainWindow::chooseTheme(Theme t) {
    QSettings().setValue("theme", QString::fromUtf8(key(t)));
    applyTheme(t);
}

void MainWindow::chooseLanguage(const QString& code) {
    QSettings().setValue("language", code);
    if (!setLanguage(code)) {
        statusBar()->showMessage(tr("No translation for '%1' is installed.").arg(code), 8000);
    }
}

void MainWindow::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange && mainBar_) {
        retranslate();
    }
    QMainWindow::changeEvent(e);
}

// Every text the window set itself; figures, surgery panel and dialogs re-label themselves.
void MainWindow::retranslate() {
    setWindowTitle(store_->isOpen() ? tr("RankScope — %1").arg(store_->dir()) : tr("RankScope"));
    runsDock_->setWindowTitle(tr("Runs"));
    surgeryDock_->setWindowTitle(tr("Surgery"));
    filter_->setPlaceholderText(tr("Filter runs (name, cell, status)…"));
    filter_->setAccessibleName(tr("Filter runs"));
    table_->setAccessibleName(tr("Runs"));
    ckptSlider_->setToolTip(tr("Scrub every checkpoint-dependent view; far right follows the "
                               "latest checkpoint of each run"));
    scrubLabel_->setText(tr("Checkpoint"));
    overall_->setToolTip(tr("Tokens trained over the token budget of every run in the experiment"));
    const auto& catalog = figureCatalog();
    for (int i = 0; i < tabs_->count() && i < int(catalog.size()); ++i) {
        tabs_->setTabText(i, figureTitle(catalog[size_t(i)]));
    }
    rebuildMenus();
    model_->retranslate();
    refresh(); // the status line, the scrubber's label and the table's states
}

// Menus and toolbar are made again in the new language (their actions carry no state).
void MainWindow::rebuildMenus() {
    for (auto* m : menuBar()->findChildren<QMenu*>(QString(), Qt::FindDirectChildrenOnly)) {
        m->deleteLater(); // later: the language action that asked for this is still running
    }
    menuBar()->clear();
    for (auto* a : table_->actions()) {
        table_->removeAction(a);
    }
    removeToolBar(mainBar_);
    mainBar_->deleteLater();
    buildMenus();
}

} // namespace rsui
