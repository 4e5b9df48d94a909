// Named views: a figure as set up (options, runs charted, legend, zoom) saved in the
// experiment's views/ folder and reopened, or rendered by `rankscope-cli figures --view`.
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_table_model.h"
#include "ui/views/figure_view.h"

#include "core/util/error.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace rsui {

QString MainWindow::saveView(const QString& name) {
    auto* view = qobject_cast<FigureView*>(tabs_->currentWidget());
    if (!view || !store_->isOpen()) {
        return {};
    }
    NamedView v = view->namedView(name);
    v.options.hiddenRuns = model_->hiddenRuns();
    const QString path = namedViewPath(store_->dir(), name);
    saveNamedView(v, path);
    statusBar()->showMessage(tr("View saved to %1").arg(path), 8000);
    return path;
}

bool MainWindow::openView(const QString& path) {
    try {
        const NamedView v = loadNamedView(path);
        for (auto* view : views_) {
            if (view->id() == v.figure) {
                tabs_->setCurrentWidget(view);
                model_->setHiddenRuns(v.options.hiddenRuns);
                view->applyView(v);
                return true;
            }
        }
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot open the view"), QString::fromStdString(e.what()));
    }
    return false;
}

void MainWindow::buildViewFileActions(QMenu* view) {
    view->addSeparator();
    view->addAction(tr("&Save view…"), this, [this] {
        if (!store_->isOpen()) {
            statusBar()->showMessage(tr("Open an experiment first."), 5000);
            return;
        }
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save view"), tr("Name of this figure's view (options, runs, legend, zoom):"),
            QLineEdit::Normal, tabs_->tabText(tabs_->currentIndex()), &ok);
        if (ok && !name.trimmed().isEmpty()) {
            try {
                saveView(name);
            } catch (const std::exception& e) {
                QMessageBox::warning(this, tr("Cannot save the view"),
                                     QString::fromStdString(e.what()));
            }
        }
    });
    view->addAction(tr("&Open view…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open view"), QDir(store_->dir()).filePath(QStringLiteral("views")),
            tr("RankScope views (*.json)"));
        if (!path.isEmpty()) {
            openView(path);
        }
    });
}

} // namespace rsui
