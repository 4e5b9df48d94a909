// Run sets, as W&B's: the table's selection or filter decides which runs every chart draws.
#include "ui/main_window.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_table_model.h"

#include "core/store/experiment.h"

#include <QAction>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace rsui {

QStringList MainWindow::filteredRuns() const {
    QStringList runs;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        runs << proxy_->data(proxy_->index(row, 0), RunTableModel::RunNameRole).toString();
    }
    return runs;
}

// Every run of the experiment hidden except `shown` (empty: all shown).
void MainWindow::showOnly(const QStringList& shown, bool all) {
    QSet<QString> hidden;
    if (!all) {
        for (const auto* r : store_->runs()) {
            const QString name = QString::fromStdString(r->name);
            if (!shown.contains(name)) {
                hidden.insert(name);
            }
        }
    }
    model_->setHiddenRuns(hidden);
    statusBar()->showMessage(
        tr("Charts show %n run(s).", nullptr, int(store_->runs().size()) - int(hidden.size())),
        5000);
}

void MainWindow::buildRunSetActions(QMenu* runs) {
    auto* selected = runs->addAction(tr("Chart only the &selected runs"), this, [this] {
        if (selectedRuns().isEmpty()) {
            statusBar()->showMessage(tr("Select runs in the table first."), 5000);
            return;
        }
        showOnly(selectedRuns(), false);
    });
    selected->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    auto* filtered = runs->addAction(tr("Chart only the &filtered runs"), this,
                                     [this] { showOnly(filteredRuns(), false); });
    filtered->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    auto* all = runs->addAction(tr("Chart a&ll runs"), this, [this] { showOnly({}, true); });
    all->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    auto* none = runs->addAction(tr("Chart &no runs"), this, [this] { showOnly({}, false); });
    auto* sep = new QAction(this);
    sep->setSeparator(true);
    table_->addActions({sep, selected, filtered, all, none});
}

} // namespace rsui
