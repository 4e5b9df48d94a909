#pragma once

#include "ui/figures/figure_builder.h"
#include "ui/training/run_events.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

#include <iterator>
#include <optional>

namespace rsui {

// Every run of the open experiment, one row each: what the files say, refreshed by live
// progress events from runs training in this process.
class RunTableModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column {
        Name,
        Cell,
        Seed,
        Status,
        Tokens,
        TrainLoss,
        ValLoss,
        KeyPR,
        TokensPerS,
        Threads,
        Eta,
        FirstFactor, // then one column per factor after Cell (QK-Norm, optimizer, ...)
        ColumnCount = FirstFactor + int(std::size(rs::kFactorNames)) - 1
    };
    enum Roles { RunNameRole = Qt::UserRole + 1, ErrorRole };

    explicit RunTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    // From the experiment files: adds new runs, updates the rest in place.
    void setRuns(const Runs& runs);
    void applyProgress(const RunProgressEvent& e);
    // What this process does with a run; Idle rows show what the run's files say.
    enum class QueueState { Idle, Waiting, Training };
    void setQueueState(const QString& run, QueueState state);
    // A run of this process ended: its row goes back to what its files say.
    void runFinished(const QString& run) { setQueueState(run, QueueState::Idle); }
    void clear();
    // The column titles in the current language (the states follow with the next setRuns).
    void retranslate();
    // Runs submitted to Slurm: their job ("12_3"), shown beside the state.
    void setClusterJobs(const QMap<QString, QString>& jobs);

    QSet<QString> hiddenRuns() const { return hidden_; }
    void setHiddenRuns(const QSet<QString>& h);
    QString runAt(int row) const;
    // The factor a column shows (FirstFactor and after); nullopt for the other columns.
    static std::optional<rs::Factor> factorOf(int column);
    int rowOf(const QString& run) const;

  Q_SIGNALS:
    void visibilityChanged();

  private:
    struct Row {
        QString name, cell, status, error;
        QString notes;   // why a run stopped, and files left out as damaged: the tooltip
        int damaged = 0; // files left out
        QueueState queue = QueueState::Idle;
        qint64 seed = 0, tokens = 0, budget = 0;
        double trainLoss = qQNaN(), valLoss = qQNaN(), keyPR = qQNaN();
        double tokensPerS = 0.0, etaS = -1.0;
        int threads = 0;
        QColor color;
        QStringList factors; // by column from FirstFactor
    };
    void emitRow(int row);
    static bool sameRow(const Row& a, const Row& b);
    static void setNotes(Row& r, const rs::RunSnapshot& s);
    QVariant toolTip(const Row& r, int column) const;
    QVariant display(const Row& r, int column) const;

    QList<Row> rows_;
    QSet<QString> hidden_;
    QMap<QString, QString> jobs_;
};

} // namespace rsui
