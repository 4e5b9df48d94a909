#pragma once

#include <QObject>
#include <QSet>
#include <QString>

class QHeaderView;
class QMenu;

namespace rsui {

// Lets the user hide and show a table's columns: a checkable entry per column in the header's
// context menu and in `menu` (for the keyboard). The header's state (hidden columns, order,
// widths) is kept in QSettings under `settingsKey`; without a saved state `hiddenByDefault`
// are hidden.
class ColumnChooser : public QObject {
    Q_OBJECT

  public:
    ColumnChooser(QHeaderView* header, const QString& settingsKey, const QSet<int>& hiddenByDefault,
                  QObject* parent = nullptr);
    // Fills `menu` with the columns each time it opens.
    void attachMenu(QMenu* menu);
    void setColumnShown(int column, bool shown);
    void save() const;

  private:
    void fill(QMenu* menu);

    QHeaderView* header_;
    QString key_;
};

} // namespace rsui
