#include "ui/figures/figure_export_job.h"

#include <QDir>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <utility>

namespace rsui {

namespace {

// What one figure's worker wrote, or why it could not.
struct WriteResult {
    QStringList files;
    QString error;
};

WriteResult writeFigure(const QImage& png, const QByteArray& svg, const QByteArray& csv,
                        const QString& stem) {
    WriteResult r;
    try {
        writePng(png, stem + ".png");
        writeBytes(svg, stem + ".svg");
        writeBytes(csv, stem + ".csv");
        r.files = {stem + ".png", stem + ".svg", stem + ".csv"};
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

} // namespace

FigureExportJob::FigureExportJob(QList<FigureData> figures, QString dir, ExportSize size,
                                 QObject* parent)
    : QObject(parent), figures_(std::move(figures)), dir_(std::move(dir)), size_(size) {}

void FigureExportJob::start() {
    started_ = true;
    if (figures_.isEmpty()) {
        QTimer::singleShot(0, this, [this] { written({}, {}); });
        return;
    }
    QTimer::singleShot(0, this, &FigureExportJob::drawNext);
}

void FigureExportJob::drawNext() {
    if (!error_.isEmpty() || drawn_ >= figures_.size()) {
        return; // a write failed: draw no more; finished follows the writes in flight
    }
    const FigureData& f = figures_[drawn_];
    QImage png;
    QByteArray svg;
    QString drawError;
    // Drawing runs posted events (chart layout): a write ending then must not finish the job,
    // whose owner may delete it, while this function still uses it.
    drawing_ = true;
    try {
        png = renderPng(f, size_);
        svg = renderSvg(f, size_);
    } catch (const std::exception& e) {
        drawError = QString::fromStdString(e.what());
    }
    drawing_ = false;
    ++drawn_;
    Q_EMIT progress(drawn_, int(figures_.size()));
    if (drawError.isEmpty()) {
        auto* watcher = new QFutureWatcher<WriteResult>(this);
        connect(watcher, &QFutureWatcher<WriteResult>::finished, this, [this, watcher] {
            const auto r = watcher->result();
            watcher->deleteLater();
            written(r.files, r.error);
        });
        watcher->setFuture(QtConcurrent::run(writeFigure, png, svg, f.toCsv().toUtf8(),
                                             QDir(dir_).filePath(f.id)));
    } else if (error_.isEmpty()) {
        error_ = drawError; // nothing to write for this figure
    }
    if (drawError.isEmpty() && error_.isEmpty() && drawn_ < figures_.size()) {
        QTimer::singleShot(0, this, &FigureExportJob::drawNext);
    }
    finishIfDone(drawError.isEmpty() ? 0 : 1);
}

void FigureExportJob::written(const QStringList& files, const QString& error) {
    files_ += files;
    if (error_.isEmpty()) {
        error_ = error;
    }
    ++writesDone_;
    finishIfDone(0);
}

// Every drawn figure's write has ended (`skipped`: drawn figures with nothing to write), and
// either all are drawn or drawing stopped.
void FigureExportJob::finishIfDone(int skipped) {
    skipped_ += skipped;
    if (done_ || drawing_ || writesDone_ + skipped_ < drawn_) {
        return;
    }
    if (drawn_ == figures_.size() || !error_.isEmpty()) {
        done_ = true;
        Q_EMIT finished(files_, error_);
    }
}

} // namespace rsui
