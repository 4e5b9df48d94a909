// Comparing two runs' configurations from the run table.
#include "ui/main_window.h"

#include "core/store/experiment.h"
#include "ui/runs/config_diff_dialog.h"
#include "ui/runs/experiment_store.h"
#include "ui/runs/run_table_model.h"

#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace rsui {

QStringList MainWindow::selectedRuns() const {
    QStringList runs;
    if (!table_->selectionModel()) {
        return runs;
    }
    for (const auto& i : table_->selectionModel()->selectedRows()) {
        runs << proxy_->data(i, RunTableModel::RunNameRole).toString();
    }
    return runs;
}

ConfigDiffDialog* MainWindow::compareSelected() {
    const QStringList runs = selectedRuns();
    if (runs.size() != 2) {
        statusBar()->showMessage(tr("Select two runs to compare (Ctrl+click the second)."), 6000);
        return nullptr;
    }
    const auto* a = store_->run(runs[0]);
    const auto* b = store_->run(runs[1]);
    for (const auto* r : {a, b}) {
        if (!r || !r->config) {
            statusBar()->showMessage(
                tr("%1 has no configuration yet (it has not started).")
                    .arg(r ? QString::fromStdString(r->name) : runs[a ? 1 : 0]),
                6000);
            return nullptr;
        }
    }
    auto* dlg = new ConfigDiffDialog(runs[0], *a->config, runs[1], *b->config, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->show();
    return dlg;
}

} // namespace rsui
