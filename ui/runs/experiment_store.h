#pragma once

#include "ui/figures/figure_builder.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace rs {
class ExperimentFollower;
}

namespace rsui {

// The open experiment folder, followed as it grows: runs trained here, by rankscope-cli or on
// another machine all arrive through the same files. Polls on a timer (cheap: byte offsets and
// modification times) and on request.
class ExperimentStore : public QObject {
    Q_OBJECT

  public:
    explicit ExperimentStore(QObject* parent = nullptr);
    ~ExperimentStore() override;

    // Throws rs::UserError when the folder does not exist.
    void open(const QString& dir);
    void close();
    QString dir() const { return dir_; }
    bool isOpen() const { return bool(follower_); }
    Runs runs() const;
    const rs::RunSnapshot* run(const QString& name) const;

  public Q_SLOTS:
    void poll();

  Q_SIGNALS:
    void changed();

  private:
    std::unique_ptr<rs::ExperimentFollower> follower_;
    QString dir_;
    QTimer timer_;
};

} // namespace rsui
