#pragma once

#include "ui/figures/figure_export.h"

#include <QList>
#include <QObject>
#include <QStringList>

namespace rsui {

// "Export all figures" without freezing the window: each figure is drawn in its own turn of the
// event loop (QtCharts may only draw on the GUI thread), and PNG encoding and file writing run
// on a worker. Emits finished once, with every file written or the first error.
class FigureExportJob : public QObject {
    Q_OBJECT

  public:
    FigureExportJob(QList<FigureData> figures, QString dir, ExportSize size = {},
                    QObject* parent = nullptr);
    void start();
    bool running() const { return started_ && !done_; }

  Q_SIGNALS:
    void progress(int figuresDrawn, int total);
    void finished(const QStringList& files, const QString& error);

  private:
    void drawNext();
    void written(const QStringList& files, const QString& error);
    void finishIfDone(int skipped);

    QList<FigureData> figures_;
    QString dir_;
    ExportSize size_;
    int drawn_ = 0, writesDone_ = 0, skipped_ = 0;
    bool started_ = false, done_ = false, drawing_ = false;
    QStringList files_;
    QString error_;
};

} // namespace rsui
