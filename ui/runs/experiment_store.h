#pragma once

#include "ui/figures/figure_builder.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace rs {
class ExperimentFollower;
}

namespace rsui {

// The open experiment folder, followed as it grows: runs trained here, by rankscope-cli or on
// another machine all arrive through the same files. The timer's polls read the folder on a
// worker thread, so a slow (network) filesystem never stalls the window; what they read is
// published here as copies that stay valid until the next change.
class ExperimentStore : public QObject {
    Q_OBJECT

  public:
    explicit ExperimentStore(QObject* parent = nullptr);
    ~ExperimentStore() override;

    // Reads the folder once before returning. Throws rs::UserError when it does not exist.
    void open(const QString& dir);
    void close();
    QString dir() const { return dir_; }
    bool isOpen() const { return bool(follower_); }
    // Valid until the next `changed`.
    Runs runs() const;
    const rs::RunSnapshot* run(const QString& name) const;

  public Q_SLOTS:
    // Reads the folder now, on this thread (after a background read in flight has ended).
    void poll();
    // Reads the folder on the worker thread; `changed` follows if anything did.
    void pollSoon();

  Q_SIGNALS:
    void changed();

  private:
    using Snapshots = std::vector<std::shared_ptr<const rs::RunSnapshot>>;
    // What one poll read: nullopt when nothing changed. `seq` orders polls, so a background
    // result never replaces a newer one.
    struct PollResult {
        uint64_t seq = 0;
        std::shared_ptr<rs::ExperimentFollower> follower;
        std::optional<Snapshots> snapshots;
    };
    static PollResult pollAndCopy(std::shared_ptr<rs::ExperimentFollower> follower, uint64_t seq);
    void publish(PollResult result);
    void takeBackgroundResult();

    std::shared_ptr<rs::ExperimentFollower> follower_; // one poll at a time touches it
    Snapshots published_;
    uint64_t pollSeq_ = 0, publishedSeq_ = 0;
    QFutureWatcher<PollResult> watcher_;
    bool pollAgain_ = false; // asked for while a background poll ran
    QString dir_;
    QTimer timer_;
};

} // namespace rsui
