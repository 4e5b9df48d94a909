#include "ui/runs/config_diff_dialog.h"

#include "core/config/config_diff.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rsui {

ConfigDiffDialog::ConfigDiffDialog(const QString& runA, const rs::RunConfig& a, const QString& runB,
                                   const rs::RunConfig& b, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Configuration: %1 vs %2").arg(runA, runB));
    const auto diff = rs::configDiff(a, b);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(
        diff.empty()
            ? tr("The two configurations are identical.")
            : tr("%n field(s) differ; every other field is the same.", nullptr, int(diff.size())),
        this));
    table_ = new QTableWidget(int(diff.size()), 3, this);
    table_->setHorizontalHeaderLabels({tr("Field"), runA, runB});
    table_->setAccessibleName(tr("Fields that differ"));
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < int(diff.size()); ++i) {
        const auto& d = diff[size_t(i)];
        table_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(d.path)));
        table_->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(d.a)));
        table_->setItem(i, 2, new QTableWidgetItem(QString::fromStdString(d.b)));
    }
    layout->addWidget(table_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 360);
}

} // namespace rsui
