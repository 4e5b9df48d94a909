#pragma once

#include "core/config/run_config.h"

#include <QDialog>

class QTableWidget;

namespace rsui {

// Two runs' configurations side by side, only the fields that differ.
class ConfigDiffDialog : public QDialog {
    Q_OBJECT

  public:
    ConfigDiffDialog(const QString& runA, const rs::RunConfig& a, const QString& runB,
                     const rs::RunConfig& b, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }

  private:
    QTableWidget* table_ = nullptr;
};

} // namespace rsui
