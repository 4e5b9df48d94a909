#include "ui/surgery/surgery_worker.h"

#include "core/store/run_dir.h"
#include "core/surgery/surgery.h"

#include <QDir>

#include <chrono>
#include <functional>
#include <cmath>

namespace rsui {

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

SurgeryWorker::SurgeryWorker() {
    qRegisterMetaType<SurgeryReading>();
}

SurgeryWorker::~SurgeryWorker() = default;

void SurgeryWorker::open(const QString& runDir, qint64 checkpointTokens, const QList<int>& layers,
                         const QList<int>& kvHeads) {
    try {
        const auto t0 = std::chrono::steady_clock::now();
        rs::RunDir rd(runDir.toStdString());
        const auto cfg = rd.readRunRecord().config;
        rs::SurgeryOptions opt;
        opt.layers = std::vector<int>(layers.begin(), layers.end());
        opt.kv_heads = std::vector<int>(kvHeads.begin(), kvHeads.end());
        session_.reset();
        session_ =
            std::make_unique<rs::SurgerySession>(cfg, rd.checkpointPath(checkpointTokens), opt);
        runDir_ = runDir;
        tokens_ = checkpointTokens;
        QStringList unavailable;
        for (const auto& e : rs::kStrategyNames) {
            const auto why = session_->unavailableReason(e.value);
            if (!why.empty()) {
                unavailable << QString::fromUtf8(e.key) + ": " + QString::fromStdString(why);
            }
        }
        Q_EMIT opened(QString::fromStdString(rd.name()), checkpointTokens, unavailable,
                      msSince(t0));
    } catch (const std::exception& e) {
        session_.reset();
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SurgeryWorker::evaluate(quint64 request, double fraction,
                             const QList<rs::Strategy>& strategies) {
    if (!session_) {
        return;
    }
    // Asked between chunks too: a superseded position stops within one forward of 16 windows.
    const std::function<bool()> superseded = [this, request] { return request != latest_.load(); };
    try {
        for (bool subset : {true, false}) {
            if (superseded()) {
                return; // the hand has moved on
            }
            const auto t0 = std::chrono::steady_clock::now();
            SurgeryReading r;
            r.request = request;
            r.fraction = fraction;
            r.subset = subset;
            const auto base = session_->evaluate(rs::Strategy::Svd, 0.0, 0, subset, superseded);
            if (base.stopped) {
                return;
            }
            r.unpruned = base.loss;
            r.tokens = base.tokens;
            for (const auto s : strategies) {
                if (!session_->unavailableReason(s).empty()) {
                    continue;
                }
                // The estimate uses one random draw; the refined reading all five.
                const int draws = s == rs::Strategy::Random ? (subset ? 1 : 5) : 1;
                double sum = 0, sq = 0;
                for (int d = 0; d < draws; ++d) {
                    const auto h = session_->evaluate(s, fraction, d, subset, superseded);
                    if (h.stopped) {
                        return;
                    }
                    const double l = h.loss;
                    sum += l;
                    sq += l * l;
                }
                const double mean = sum / draws;
                r.strategies << s;
                r.loss << mean;
                r.spread << (draws > 1 ? std::sqrt(std::max(0.0, sq / draws - mean * mean)) : 0.0);
            }
            r.ms = msSince(t0);
            Q_EMIT reading(r);
        }
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SurgeryWorker::sweep(const QList<rs::Strategy>& strategies, const QList<double>& fractions) {
    if (!session_) {
        Q_EMIT failed(tr("Open a run and checkpoint first."));
        return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    try {
        std::vector<rs::Strategy> s;
        for (const auto q : strategies) {
            if (session_->unavailableReason(q).empty()) {
                s.push_back(q);
            }
        }
        const auto points = session_->sweep(
            s,
            fractions.isEmpty() ? rs::parseFractions(rs::kDefaultSweep)
                                : std::vector<double>(fractions.begin(), fractions.end()),
            [this](size_t done, size_t total) { Q_EMIT sweepProgress(int(done), int(total)); },
            &cancel_);
        const bool cancelled = cancel_.load();
        QString path;
        if (!points.empty()) {
            // A cancelled sweep is kept under its own name (the figures read only ckpt-*.csv):
            // partial results are never mistaken for a full sweep.
            const rs::RunLayout run(runDir_.toStdString());
            const auto file = cancelled ? run.partialSweepCsv(tokens_) : run.sweepCsv(tokens_);
            rs::writeSweepCsv(file, run.name(), rs::toSweep(tokens_, points));
            path = QString::fromStdString(file.string());
        }
        Q_EMIT sweepFinished(path, cancelled, msSince(t0) / 1000.0);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SurgeryWorker::ablate() {
    if (!session_) {
        Q_EMIT failed(tr("Open a run and checkpoint first."));
        return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    try {
        const auto points = session_->ablation(
            [this](size_t done, size_t total) { Q_EMIT sweepProgress(int(done), int(total)); },
            &cancel_);
        const bool cancelled = cancel_.load();
        QString path;
        if (!cancelled && !points.empty()) { // a partial ablation is not written
            const rs::RunLayout run(runDir_.toStdString());
            rs::writeAblationCsv(run.ablationCsv(tokens_), run.name(),
                                 rs::toAblation(tokens_, points));
            path = QString::fromStdString(run.ablationCsv(tokens_).string());
        }
        Q_EMIT ablationFinished(path, cancelled, msSince(t0) / 1000.0);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace rsui
