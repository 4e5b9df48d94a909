// The main window's linked views (a click in one figure selects run and checkpoint everywhere;
// a run hovered in the table is highlighted in every chart) and opening a dropped folder.
#include "ui/main_window.h"

#include "ui/runs/run_table_model.h"
#include "ui/surgery/surgery_panel.h"
#include "ui/views/figure_view.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>

namespace rsui {

namespace {

// The one local folder a drag carries, or empty.
QString droppedFolder(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) {
        return {};
    }
    const QString path = mime->urls().front().toLocalFile();
    return !path.isEmpty() && QFileInfo(path).isDir() ? path : QString();
}

} // namespace

void MainWindow::connectLinkedViews() {
    for (auto* v : views_) {
        connect(v, &FigureView::picked, this, &MainWindow::linkTo);
    }
    table_->setMouseTracking(true);
    connect(table_, &QAbstractItemView::entered, this, [this](const QModelIndex& i) {
        highlightRun(proxy_->data(i, RunTableModel::RunNameRole).toString());
    });
    table_->viewport()->installEventFilter(this);
    setAcceptDrops(true);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
    if (table_ && watched == table_->viewport() && e->type() == QEvent::Leave) {
        highlightRun(picked_); // back to the run picked in a chart, if any
    }
    return QMainWindow::eventFilter(watched, e);
}

void MainWindow::highlightRun(const QString& run) {
    highlighted_ = run;
    for (auto* v : views_) {
        v->setHighlightedRun(run);
    }
}

void MainWindow::linkTo(const QString& run, qint64 tokens) {
    if (run.isEmpty()) {
        return;
    }
    picked_ = run;
    highlightRun(run); // the picked run stands out in every chart until another is picked
    const int row = model_->rowOf(run);
    if (row >= 0) {
        const QModelIndex i = proxy_->mapFromSource(model_->index(row, 0));
        if (i.isValid()) {
            table_->selectRow(i.row());
            table_->scrollTo(i);
        }
    }
    if (tokens >= 0 && !marks_.empty()) {
        // The last mark at or before the clicked checkpoint.
        const auto it = std::upper_bound(marks_.begin(), marks_.end(), int64_t(tokens));
        ckptSlider_->setValue(std::max(0, int(it - marks_.begin()) - 1));
    }
    for (auto* v : views_) {
        if (v->hasFocusRun()) {
            v->setFocusRun(run);
        }
    }
    surgery_->select(run, tokens >= 0 ? std::optional<qint64>(tokens) : std::nullopt);
    statusBar()->showMessage(
        tokens >= 0 ? tr("%1 at %2 tokens").arg(run, formatTokens(tokens)) : run, 5000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (!droppedFolder(e->mimeData()).isEmpty()) {
        e->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* e) {
    const QString dir = droppedFolder(e->mimeData());
    if (dir.isEmpty()) {
        return;
    }
    e->acceptProposedAction();
    openExperiment(dir);
}

} // namespace rsui
