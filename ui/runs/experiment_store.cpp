#include "ui/runs/experiment_store.h"

#include "core/store/experiment.h"

#include <QtConcurrent/QtConcurrentRun>

namespace rsui {

ExperimentStore::ExperimentStore(QObject* parent) : QObject(parent) {
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &ExperimentStore::pollSoon);
    connect(&watcher_, &QFutureWatcher<PollResult>::finished, this, [this] {
        takeBackgroundResult();
        if (pollAgain_) {
            pollAgain_ = false;
            pollSoon();
        }
    });
}

ExperimentStore::~ExperimentStore() {
    watcher_.waitForFinished(); // the worker shares the follower; let it end first
}

void ExperimentStore::open(const QString& dir) {
    watcher_.waitForFinished();
    follower_ = std::make_shared<rs::ExperimentFollower>(dir.toStdString());
    dir_ = dir;
    published_.clear();
    const uint64_t before = publishedSeq_;
    publish(pollAndCopy(follower_, ++pollSeq_));
    timer_.start();
    if (publishedSeq_ == before) {
        Q_EMIT changed(); // an empty folder: the old runs are gone all the same
    }
}

void ExperimentStore::close() {
    timer_.stop();
    watcher_.waitForFinished();
    follower_.reset();
    published_.clear();
    dir_.clear();
    Q_EMIT changed();
}

Runs ExperimentStore::runs() const {
    Runs out;
    out.reserve(published_.size());
    for (const auto& r : published_) {
        out.push_back(r.get());
    }
    return out;
}

const rs::RunSnapshot* ExperimentStore::run(const QString& name) const {
    const std::string n = name.toStdString();
    for (const auto& r : published_) {
        if (r->name == n) {
            return r.get();
        }
    }
    return nullptr;
}

ExperimentStore::PollResult
ExperimentStore::pollAndCopy(std::shared_ptr<rs::ExperimentFollower> follower, uint64_t seq) {
    PollResult result{seq, follower, std::nullopt};
    if (follower->poll()) {
        Snapshots copies;
        for (const auto* r : follower->runs()) {
            copies.push_back(std::make_shared<const rs::RunSnapshot>(*r));
        }
        result.snapshots = std::move(copies);
    }
    return result;
}

// Only a newer result of the folder open now replaces what is shown.
void ExperimentStore::publish(PollResult result) {
    if (!result.snapshots || result.follower != follower_ || result.seq <= publishedSeq_) {
        return;
    }
    published_ = std::move(*result.snapshots);
    publishedSeq_ = result.seq;
    Q_EMIT changed();
}

// Read twice at most (by poll() and by the watcher's signal): `seq` publishes it once. Not
// takeResult(): that resets the shared state, and a later waitForFinished() would never return.
void ExperimentStore::takeBackgroundResult() {
    const auto future = watcher_.future();
    if (future.isFinished() && future.resultCount() > 0) {
        publish(future.result());
    }
}

void ExperimentStore::poll() {
    watcher_.waitForFinished();
    takeBackgroundResult(); // what it read first: this poll sees only what changed since
    if (follower_) {
        publish(pollAndCopy(follower_, ++pollSeq_));
    }
}

void ExperimentStore::pollSoon() {
    if (!follower_) {
        return;
    }
    if (watcher_.isRunning()) {
        pollAgain_ = true;
        return;
    }
    watcher_.setFuture(QtConcurrent::run(&ExperimentStore::pollAndCopy, follower_, ++pollSeq_));
}

} // namespace rsui
