#include "ui/runs/column_chooser.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>

namespace rsui {

ColumnChooser::ColumnChooser(QHeaderView* header, const QString& settingsKey,
                             const QSet<int>& hiddenByDefault, QObject* parent)
    : QObject(parent), header_(header), key_(settingsKey) {
    const QByteArray state = QSettings().value(key_).toByteArray();
    if (state.isEmpty() || !header_->restoreState(state)) {
        for (int c : hiddenByDefault) {
            header_->setSectionHidden(c, true);
        }
    }
    header_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header_, &QHeaderView::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu;
        fill(&menu);
        menu.exec(header_->mapToGlobal(at));
    });
}

void ColumnChooser::attachMenu(QMenu* menu) {
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { fill(menu); });
}

void ColumnChooser::fill(QMenu* menu) {
    menu->clear();
    const auto* model = header_->model();
    if (!model) {
        return;
    }
    for (int c = 0; c < model->columnCount(); ++c) {
        auto* a = menu->addAction(model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header_->isSectionHidden(c));
        a->setEnabled(c != 0); // the run's name (and its show/hide box) always stays
        connect(a, &QAction::toggled, this, [this, c](bool on) { setColumnShown(c, on); });
    }
}

void ColumnChooser::setColumnShown(int column, bool shown) {
    header_->setSectionHidden(column, !shown);
    save();
}

void ColumnChooser::save() const {
    QSettings().setValue(key_, header_->saveState());
}

} // namespace rsui
