#pragma once

#include "core/config/run_config.h"
#include "core/store/surgery_record.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

namespace rs {
class SurgerySession;
}

namespace rsui {

// One slider reading: held-out loss of each strategy at one fraction.
struct SurgeryReading {
    quint64 request = 0;
    double fraction = 0.0;
    bool subset = false; // a fast estimate on the first test windows; refined next
    double unpruned = 0.0;
    QList<rs::Strategy> strategies;
    QList<double> loss;   // per strategy (random: mean over the draws evaluated)
    QList<double> spread; // random: standard deviation over draws, else 0
    qint64 tokens = 0;
    double ms = 0.0;
};

// Owns a SurgerySession on its own thread. Slider requests are numbered; a request that has
// been overtaken by a newer one is skipped, so the readout follows the hand instead of a
// backlog. Sweeps run here too and stop at the cancel flag.
class SurgeryWorker : public QObject {
    Q_OBJECT

  public:
    SurgeryWorker();
    ~SurgeryWorker() override;
    std::atomic<quint64>& latestRequest() { return latest_; }
    std::atomic<bool>& cancelFlag() { return cancel_; }

  public Q_SLOTS:
    // Loads the checkpoint into a private model and caches its bases.
    void open(const QString& runDir, qint64 checkpointTokens, const QList<int>& layers,
              const QList<int>& kvHeads = {});
    void evaluate(quint64 request, double fraction, const QList<rs::Strategy>& strategies);
    // Empty fractions: the study's default sweep (rs::kDefaultSweep).
    void sweep(const QList<rs::Strategy>& strategies, const QList<double>& fractions = {});
    // Zeroes each key dimension alone (subset estimate) and writes the ablation CSV.
    void ablate();

  Q_SIGNALS:
    void opened(const QString& run, qint64 tokens, const QStringList& unavailable, double setupMs);
    void reading(const rsui::SurgeryReading& r);
    void sweepProgress(int done, int total);
    void sweepFinished(const QString& csvPath, bool cancelled, double seconds);
    void ablationFinished(const QString& csvPath, bool cancelled, double seconds);
    void failed(const QString& message);

  private:
    std::unique_ptr<rs::SurgerySession> session_;
    QString runDir_;
    qint64 tokens_ = 0;
    std::atomic<quint64> latest_{0};
    std::atomic<bool> cancel_{false};
};

} // namespace rsui

Q_DECLARE_METATYPE(rsui::SurgeryReading)
