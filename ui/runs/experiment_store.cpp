#include "ui/runs/experiment_store.h"

#include "core/store/experiment.h"

namespace rsui {

ExperimentStore::ExperimentStore(QObject* parent) : QObject(parent) {
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &ExperimentStore::poll);
}

ExperimentStore::~ExperimentStore() = default;

void ExperimentStore::open(const QString& dir) {
    auto f = std::make_unique<rs::ExperimentFollower>(dir.toStdString());
    follower_ = std::move(f);
    dir_ = dir;
    follower_->poll();
    timer_.start();
    Q_EMIT changed();
}

void ExperimentStore::close() {
    timer_.stop();
    follower_.reset();
    dir_.clear();
    Q_EMIT changed();
}

Runs ExperimentStore::runs() const {
    return follower_ ? follower_->runs() : Runs{};
}

const rs::RunSnapshot* ExperimentStore::run(const QString& name) const {
    return follower_ ? follower_->run(name.toStdString()) : nullptr;
}

void ExperimentStore::poll() {
    if (follower_ && follower_->poll()) {
        Q_EMIT changed();
    }
}

} // namespace rsui
