#pragma once

#include "ui/figures/figure_builder.h"
#include "ui/surgery/surgery_worker.h"

#include <QElapsedTimer>
#include <QThread>
#include <QWidget>

#include <functional>
#include <optional>

#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QVBoxLayout;

namespace rsui {

// Pick a run and checkpoint, strategies and layers; drag the slider and read the held-out
// loss (a subset estimate first, then the full test set); sweep in the background.
class SurgeryPanel : public QWidget {
    Q_OBJECT

  public:
    explicit SurgeryPanel(QWidget* parent = nullptr);
    ~SurgeryPanel() override;

    void setRuns(const Runs& runs);
    double fraction() const;
    QSlider* slider() const { return slider_; }
    QString currentRun() const;
    qint64 currentCheckpoint() const;
    bool sessionOpen() const { return open_; }
    bool sweeping() const { return sweeping_; }
    // Whether the readout is waiting for the slider's position ("computing…").
    bool readingPending() const { return pending_; }
    QString readoutText() const;
    // Forgets the runs and the loaded checkpoint (another experiment was opened).
    void reset();
    // Asked before a sweep replaces one on file (the path); a message box by default.
    void setOverwriteQuestion(std::function<bool(const QString&)> ask) {
        overwriteQuestion_ = std::move(ask);
    }
    // Chooses `run` and its checkpoint at or before `tokens` (linked views); opens nothing.
    void select(const QString& run, std::optional<qint64> tokens);

  public Q_SLOTS:
    void openSelected();
    void sweep();
    void cancelSweep();

  Q_SIGNALS:
    void fractionChanged(double fraction);
    void readingShown(const rsui::SurgeryReading& r);
    void sweepWritten(const QString& csv);
    void focusRunChanged(const QString& run);
    void message(const QString& text);

  private:
    QFormLayout* choiceForm();
    void buildControls(QVBoxLayout* layout);
    void translateControls();
    void connectControls();
    void connectWorker();
    void requestReading();
    void showReading(const SurgeryReading& r);
    void showPending();
    bool eventFilter(QObject* watched, QEvent* e) override;
    QList<rs::Strategy> strategies() const;
    QList<int> layers() const;
    QList<int> heads() const;

    QComboBox *run_ = nullptr, *checkpoint_ = nullptr;
    std::vector<std::pair<rs::Strategy, QCheckBox*>> strategyBoxes_; // one per strategy
    QLineEdit* layers_ = nullptr;
    QLineEdit* heads_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel *fractionLabel_ = nullptr, *readout_ = nullptr, *state_ = nullptr;
    QPushButton *open_btn_ = nullptr, *sweep_ = nullptr, *cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QThread thread_;
    SurgeryWorker* worker_ = nullptr;
    quint64 request_ = 0;
    bool open_ = false;
    bool sweeping_ = false;
    bool pending_ = false; // the readout waits for the slider's position
    QString lastBody_;     // the last reading's numbers, shown greyed while computing
    QString openedDir_;    // the run and checkpoint of the loaded session
    qint64 openedTokens_ = 0;
    QElapsedTimer sweepClock_;
    std::function<bool(const QString&)> overwriteQuestion_;
    Runs runs_;
    class Retranslator* texts_ = nullptr;
};

} // namespace rsui
