#pragma once

#include "core/cluster/slurm_script.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace rsui {

// Where the run matrix trains: this machine, or a Slurm cluster with the resources each array
// task asks for. The cluster needs sbatch on PATH; without it the choice is disabled and the
// box says what is missing.
class SlurmTargetBox : public QGroupBox {
    Q_OBJECT

  public:
    explicit SlurmTargetBox(QWidget* parent = nullptr);
    bool slurmChosen() const;
    void chooseSlurm(bool on); // only when sbatch is available
    bool slurmAvailable() const { return available_; }
    // The fields as sbatch options; validate() of the result names a bad field.
    rs::SlurmResources resources() const;
    QString note() const;
    // Whether the note is shown (hidden for "This machine" when Slurm could be chosen).
    bool noteShown() const;

  Q_SIGNALS:
    void changed();

  private:
    void updateEnabled();

    bool available_ = false;
    QComboBox* target_ = nullptr;
    QWidget* fields_ = nullptr;
    QLineEdit *partition_ = nullptr, *time_ = nullptr, *account_ = nullptr, *extra_ = nullptr;
    QSpinBox *cpus_ = nullptr, *gpus_ = nullptr;
    QLabel* note_ = nullptr;
};

} // namespace rsui
