#pragma once

#include "core/config/run_config.h"

#include <QDialog>
#include <QMap>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QFormLayout;
class QGroupBox;
class QHBoxLayout;
class QSpinBox;
class QTableWidget;
class QPushButton;
class QScrollArea;

namespace rsui {

class SlurmTargetBox;

// The factorial run matrix, pre-filled and editable: the study's cells ticked, labelled controls
// offered, factors per cell, seeds, model preset and its main hyper-parameters, token budget (with
// the checkpoint schedule it implies), device and runs at once. Shows the run count and an
// estimated duration and validates inline; runs() expands it into run configurations.
class RunMatrixDialog : public QDialog {
    Q_OBJECT

  public:
    explicit RunMatrixDialog(QWidget* parent = nullptr);

    void setPreset(const QString& name);
    void setOutputDir(const QString& dir);
    QString outputDir() const;
    bool syntheticData() const;
    void setSyntheticData(bool synthetic);
    int parallelRuns() const;
    // The run configurations, or an empty list with validationError() set.
    std::vector<rs::RunConfig> runs() const;
    QString validationError() const { return error_; }
    // Recorded training throughput (tokens/s) for a preset on this machine, 0 if none.
    // Training rates per CPU thread (a run's tokens/s over its threads), remembered per preset.
    static double recordedThroughput(const QString& preset);
    static void recordThroughput(const QString& preset, double tokensPerS, int threads);
    // Throughput seen in the open experiment's runs (preset -> tokens/s), used for the estimate
    // when this machine has recorded none.
    void setObservedThroughput(const QMap<QString, double>& byPreset);

    // For tests: the cell table.
    QTableWidget* cellTable() const { return cells_; }
    // This machine or a Slurm cluster, with the cluster's resources.
    SlurmTargetBox* targetBox() const { return target_; }
    QSpinBox* seedsBox() const { return seeds_; }
    QPushButton* launchButton() const { return launch_; }
    QScrollArea* settingsArea() const { return scroll_; }

    // Sizes the dialog to its form, at most `available` (less a title bar's height): the
    // settings scroll, the estimate and the Launch / Cancel buttons stay visible. Done on first
    // show for the dialog's screen.
    void fitToScreen(const QRect& available);
    static constexpr int kTitleBarAllowance = 48;

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    static QString cellDescription(const rs::MatrixCell& c);
    QFormLayout* placeForm();
    QGroupBox* cellsBox();
    void addCellRow(const rs::MatrixCell& c);
    QGroupBox* modelBox();
    QGroupBox* fidelityBox();
    QHBoxLayout* deviceRow();
    rs::RunConfig baseConfig() const;
    void loadPresetFields(const rs::RunConfig& cfg);
    void updatePreview();

    QLineEdit* out_ = nullptr;
    QComboBox *preset_ = nullptr, *device_ = nullptr, *data_ = nullptr;
    QComboBox *grouping_ = nullptr, *gamma_ = nullptr, *orthogonalization_ = nullptr;
    QTableWidget* cells_ = nullptr;
    QSpinBox *seeds_ = nullptr, *firstSeed_ = nullptr, *parallel_ = nullptr;
    QSpinBox *dModel_ = nullptr, *layers_ = nullptr, *heads_ = nullptr, *kvHeads_ = nullptr,
             *ffn_ = nullptr, *batch_ = nullptr, *seqLen_ = nullptr;
    QDoubleSpinBox *budgetM_ = nullptr, *muonLr_ = nullptr, *adamLr_ = nullptr;
    QLabel *schedule_ = nullptr, *preview_ = nullptr, *message_ = nullptr;
    QPushButton* launch_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    bool fitted_ = false;
    SlurmTargetBox* target_ = nullptr;
    rs::RunConfig preset_cfg_;
    QMap<QString, double> observed_;
    mutable QString error_;
};

} // namespace rsui
