#include "surgery/surgery_worker.h"

#include "store/run_dir.h"
#include "surgery/surgery.h"

#include <QDir>

#include <chrono>
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
        const auto run = rd.readRunJson();
        auto cfg = rs::RunConfig::fromJson(run.at("config"));
        rs::SurgeryOptions opt;
        opt.layers = std::vector<int>(layers.begin(), layers.end());
        opt.kv_heads = std::vector<int>(kvHeads.begin(), kvHeads.end());
        session_.reset();
        session_ =
            std::make_unique<rs::SurgerySession>(cfg, rd.checkpointPath(checkpointTokens), opt);
        runDir_ = runDir;
        runName_ = QString::fromStdString(run.value("name", cfg.runName()));
        tokens_ = checkpointTokens;
        QStringList unavailable;
        for (const auto& s : session_->strategies()) {
            const auto why = session_->unavailableReason(s);
            if (!why.empty()) {
                unavailable << QString::fromStdString(s) + ": " + QString::fromStdString(why);
            }
        }
        Q_EMIT opened(runName_, checkpointTokens, unavailable, msSince(t0));
    } catch (const std::exception& e) {
        session_.reset();
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void SurgeryWorker::evaluate(quint64 request, double fraction, const QStringList& strategies) {
    if (!session_) {
        return;
    }
    try {
        for (bool subset : {true, false}) {
            if (request != latest_.load()) {
                return; // the hand has moved on
            }
            const auto t0 = std::chrono::steady_clock::now();
            SurgeryReading r;
            r.request = request;
            r.fraction = fraction;
            r.subset = subset;
            const auto base = session_->unpruned(subset);
            r.unpruned = base.loss;
            r.tokens = base.tokens;
            for (const auto& qs : strategies) {
                const auto s = qs.toStdString();
                if (!session_->unavailableReason(s).empty()) {
                    continue;
                }
                // The estimate uses one random draw; the refined reading all five.
                const int draws = s == "random" ? (subset ? 1 : 5) : 1;
                double sum = 0, sq = 0;
                for (int d = 0; d < draws; ++d) {
                    if (request != latest_.load()) {
                        return;
                    }
                    const double l = session_->evaluate(s, fraction, d, subset).loss;
                    sum += l;
                    sq += l * l;
                }
                const double mean = sum / draws;
                r.strategies << qs;
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

void SurgeryWorker::sweep(const QStringList& strategies, const QList<double>& fractions) {
    if (!session_) {
        Q_EMIT failed(tr("Open a run and checkpoint first."));
        return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    try {
        std::vector<std::string> s;
        for (const auto& q : strategies) {
            if (session_->unavailableReason(q.toStdString()).empty()) {
                s.push_back(q.toStdString());
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
            const rs::RunDir rd(runDir_.toStdString());
            path = cancelled ? QDir(runDir_).filePath(
                                   QStringLiteral("surgery/partial-ckpt-%1.csv").arg(tokens_))
                             : QString::fromStdString(rd.sweepCsv(tokens_).string());
            rs::writeSweepCsv(path.toStdString(), runName_.toStdString(), tokens_, points);
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
            const rs::RunDir rd(runDir_.toStdString());
            path = QString::fromStdString(rd.ablationCsv(tokens_).string());
            rs::writeAblationCsv(rd.ablationCsv(tokens_), runName_.toStdString(), tokens_, points);
        }
        Q_EMIT ablationFinished(path, cancelled, msSince(t0) / 1000.0);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace rsui
