#include "ui/runs/run_table_model.h"

#include "core/store/experiment.h"

#include <QApplication>
#include <QBrush>
#include <QPixmap>
#include <QStyle>

#include <cmath>

namespace rsui {

namespace {

QString statusText(rs::RunState s) {
    switch (s) {
    case rs::RunState::Queued:
        return RunTableModel::tr("queued");
    case rs::RunState::Running:
        return RunTableModel::tr("running");
    case rs::RunState::Done:
        return RunTableModel::tr("done");
    case rs::RunState::Failed:
        return RunTableModel::tr("failed");
    case rs::RunState::Diverged:
        return RunTableModel::tr("diverged");
    case rs::RunState::Cancelled:
        return RunTableModel::tr("cancelled (resumable)");
    }
    return {};
}

QString duration(double s) {
    if (s < 0 || !std::isfinite(s)) {
        return QStringLiteral("–");
    }
    const int t = int(s + 0.5);
    if (t >= 3600) {
        return QStringLiteral("%1 h %2 min").arg(t / 3600).arg((t % 3600) / 60);
    }
    if (t >= 60) {
        return QStringLiteral("%1 min %2 s").arg(t / 60).arg(t % 60);
    }
    return QStringLiteral("%1 s").arg(t);
}

QVariant number(double v, int decimals) {
    return std::isfinite(v) ? QVariant(QString::number(v, 'f', decimals))
                            : QVariant(QStringLiteral("–"));
}

} // namespace

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    if (const auto f = factorOf(section)) {
        QString label = Labels::factor(*f); // "optimizer": a title here, "Optimizer"
        label[0] = label[0].toUpper();
        return label;
    }
    switch (section) {
    case Name:
        return tr("Run");
    case Cell:
        return tr("Cell");
    case Seed:
        return tr("Seed");
    case Status:
        return tr("Status");
    case Tokens:
        return tr("Tokens");
    case TrainLoss:
        return tr("Train loss");
    case ValLoss:
        return tr("Val loss");
    case KeyPR:
        return tr("Key PR");
    case TokensPerS:
        return tr("Tokens/s");
    case Threads:
        return tr("Threads");
    case Eta:
        return tr("ETA");
    default:
        return {};
    }
}

// A stopped run's note says how to continue it; damaged files are named with what was wrong.
void RunTableModel::setNotes(Row& r, const rs::RunSnapshot& s) {
    QStringList notes;
    if (s.status.state == rs::RunState::Cancelled && !s.status.last_error.empty()) {
        notes << QString::fromStdString(s.status.last_error);
    }
    for (const auto& [where, what] : s.problems) {
        notes << tr("%1: %2").arg(QString::fromStdString(where), QString::fromStdString(what));
    }
    r.damaged = int(s.problems.size());
    r.notes = notes.join(QLatin1Char('\n'));
}

QVariant RunTableModel::toolTip(const Row& r, int column) const {
    if (!r.error.isEmpty()) {
        return tr("%1: %2").arg(r.name, r.error);
    }
    if (column == Status && !r.notes.isEmpty()) {
        return r.notes;
    }
    if (column == KeyPR) {
        return tr("Mean participation ratio of K after QK-Norm, over layers and heads, at "
                  "the last probed checkpoint");
    }
    if (column == Threads) {
        return tr("CPU threads the run computes with now: runs at once share the cores, and "
                  "a run uses fewer threads while other programs keep the machine busy "
                  "(changes are in the run's train.log)");
    }
    return {};
}

std::optional<rs::Factor> RunTableModel::factorOf(int column) {
    const int i = column - FirstFactor + 1; // kFactorNames[0] is the cell, its own column
    if (column < FirstFactor || i >= int(std::size(rs::kFactorNames))) {
        return std::nullopt;
    }
    return rs::kFactorNames[i].value;
}

QVariant RunTableModel::display(const Row& r, int column) const {
    if (factorOf(column)) {
        const QString v = r.factors.value(column - FirstFactor);
        return v.isEmpty() ? QStringLiteral("–") : v;
    }
    switch (column) {
    case Name:
        return r.name;
    case Cell:
        return r.cell;
    case Seed:
        return r.seed;
    case Status:
        switch (r.queue) {
        case QueueState::Waiting:
            return tr("waiting");
        case QueueState::Training:
            return tr("training");
        case QueueState::Idle:
            break;
        }
        if (const QString job = jobs_.value(r.name); !job.isEmpty()) {
            return tr("%1 · job %2").arg(r.status, job);
        }
        if (r.damaged > 0) {
            return tr("%1 · damaged files left out: %2").arg(r.status).arg(r.damaged);
        }
        return r.status;
    case Tokens:
        return r.budget > 0
                   ? QStringLiteral("%1 / %2 (%3%)")
                         .arg(formatTokens(double(r.tokens)), formatTokens(double(r.budget)))
                         .arg(100.0 * double(r.tokens) / double(r.budget), 0, 'f', 0)
                   : formatTokens(double(r.tokens));
    case TrainLoss:
        return number(r.trainLoss, 3);
    case ValLoss:
        return number(r.valLoss, 3);
    case KeyPR:
        return number(r.keyPR, 2);
    case TokensPerS:
        return r.tokensPerS > 0 ? QVariant(QString::number(r.tokensPerS, 'f', 0))
                                : QVariant(QStringLiteral("–"));
    case Threads:
        return r.threads > 0 ? QVariant(r.threads) : QVariant(QStringLiteral("–"));
    case Eta:
        return r.queue == QueueState::Training ? duration(r.etaS) : QStringLiteral("–");
    default:
        return {};
    }
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) {
        return {};
    }
    const Row& r = rows_[index.row()];
    if (role == RunNameRole) {
        return r.name;
    }
    if (role == ErrorRole) {
        return r.error;
    }
    if (role == Qt::ToolTipRole) {
        return toolTip(r, index.column());
    }
    if (index.column() == Name) {
        if (role == Qt::CheckStateRole) {
            return hidden_.contains(r.name) ? Qt::Unchecked : Qt::Checked;
        }
        if (role == Qt::DecorationRole) {
            QPixmap swatch(12, 12);
            swatch.fill(r.color);
            return swatch;
        }
    }
    if (role == Qt::DecorationRole && index.column() == Status && r.damaged > 0) {
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    if (role == Qt::ForegroundRole && index.column() == Status && !r.error.isEmpty()) {
        return QBrush(QColor(190, 30, 30));
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Seed && index.column() != Status) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return role == Qt::DisplayRole ? display(r, index.column()) : QVariant();
}

Qt::ItemFlags RunTableModel::flags(const QModelIndex& index) const {
    auto f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name) {
        f |= Qt::ItemIsUserCheckable;
    }
    return f;
}

bool RunTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != Name || role != Qt::CheckStateRole) {
        return false;
    }
    const QString name = rows_[index.row()].name;
    if (Qt::CheckState(value.toInt()) == Qt::Checked) {
        hidden_.remove(name);
    } else {
        hidden_.insert(name);
    }
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT visibilityChanged();
    return true;
}

void RunTableModel::setHiddenRuns(const QSet<QString>& h) {
    hidden_ = h;
    if (!rows_.isEmpty()) {
        Q_EMIT dataChanged(index(0, Name), index(int(rows_.size()) - 1, Name),
                           {Qt::CheckStateRole});
    }
    Q_EMIT visibilityChanged();
}

void RunTableModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

QString RunTableModel::runAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row].name : QString();
}

int RunTableModel::rowOf(const QString& run) const {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_[i].name == run) {
            return i;
        }
    }
    return -1;
}

void RunTableModel::emitRow(int row) {
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool RunTableModel::sameRow(const Row& a, const Row& b) {
    auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    return a.name == b.name && a.cell == b.cell && a.status == b.status && a.error == b.error &&
           a.notes == b.notes && a.damaged == b.damaged && a.queue == b.queue && a.seed == b.seed &&
           a.tokens == b.tokens && a.budget == b.budget && same(a.trainLoss, b.trainLoss) &&
           same(a.valLoss, b.valLoss) && same(a.keyPR, b.keyPR) &&
           same(a.tokensPerS, b.tokensPerS) && same(a.etaS, b.etaS) && a.threads == b.threads &&
           a.color == b.color && a.factors == b.factors;
}

void RunTableModel::setRuns(const Runs& runs) {
    for (const auto* s : runs) {
        const QString name = QString::fromStdString(s->name);
        int row = rowOf(name);
        if (row < 0) {
            row = int(rows_.size());
            beginInsertRows({}, row, row);
            rows_.push_back(Row{});
            rows_.back().name = name;
            endInsertRows();
        }
        const Row before = rows_[row];
        Row& r = rows_[row];
        r.cell = QString::fromStdString(s->cell);
        r.factors.clear();
        for (int c = FirstFactor; c < ColumnCount; ++c) {
            r.factors << Labels::factorValue(*s, *factorOf(c));
        }
        r.seed = qint64(s->seed);
        r.status = statusText(s->status.state);
        // Only a failure is an error; a cancelled run's note ("resume continues…") is not.
        const bool failed =
            s->status.state == rs::RunState::Failed || s->status.state == rs::RunState::Diverged;
        r.error = failed ? QString::fromStdString(s->status.last_error) : QString();
        setNotes(r, *s);
        r.budget = s->status.token_budget;
        // Live progress is newer than the status file while a run trains here.
        const bool idle = r.queue == QueueState::Idle;
        r.tokens = std::max<qint64>(idle ? 0 : r.tokens, s->status.tokens_done);
        if (!s->train_loss.empty() && idle) {
            r.trainLoss = s->train_loss.back().value;
        }
        if (!s->val_loss.empty()) {
            r.valLoss = s->val_loss.back().value;
        }
        r.keyPR = s->meanKeyPR();
        if (idle) {
            r.tokensPerS = s->tokens_per_s;
            r.threads = s->threads;
        }
        r.color = runColor(*s);
        // Only rows that changed: every dataChanged makes the header measure all rows again
        // (columns fit their contents), which with 30+ runs cost ~20 ms per poll.
        if (!sameRow(before, r)) {
            emitRow(row);
        }
    }
}

void RunTableModel::applyProgress(const RunProgressEvent& e) {
    const int row = rowOf(e.run);
    if (row < 0) {
        return;
    }
    Row& r = rows_[row];
    r.tokens = e.tokens;
    r.budget = e.budget;
    r.trainLoss = e.loss;
    r.tokensPerS = e.tokensPerS;
    r.etaS = e.etaS;
    r.threads = e.threads;
    r.queue = QueueState::Training;
    emitRow(row);
}

void RunTableModel::setQueueState(const QString& run, QueueState state) {
    const int row = rowOf(run);
    if (row < 0) {
        return;
    }
    rows_[row].queue = state;
    emitRow(row);
}

void RunTableModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void RunTableModel::setClusterJobs(const QMap<QString, QString>& jobs) {
    if (jobs == jobs_) {
        return;
    }
    jobs_ = jobs;
    if (!rows_.isEmpty()) {
        Q_EMIT dataChanged(index(0, Status), index(int(rows_.size()) - 1, Status));
    }
}

} // namespace rsui
