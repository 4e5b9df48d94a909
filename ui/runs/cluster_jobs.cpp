#include "ui/runs/cluster_jobs.h"

#include "core/store/slurm_record.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace rsui {

QString ClusterJobs::scriptText(const rs::SlurmScripts& scripts) {
    QString text;
    if (!scripts.data.empty()) {
        text += QStringLiteral("# slurm/prepare-data.sbatch\n") +
                QString::fromStdString(scripts.data) + QStringLiteral("\n");
    }
    return text + QStringLiteral("# slurm/rankscope.sbatch\n") +
           QString::fromStdString(scripts.task);
}

bool ClusterJobs::confirmScripts(QWidget* parent, const rs::SlurmScripts& scripts) {
    QDialog dlg(parent);
    dlg.setWindowTitle(tr("Submit to Slurm"));
    auto* layout = new QVBoxLayout(&dlg);
    auto* intro = new QLabel(
        tr("These batch scripts will be written into the experiment folder and submitted with "
           "sbatch (%n array task(s)).",
           nullptr, int(scripts.indices.size())),
        &dlg);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* text = new QPlainTextEdit(scriptText(scripts), &dlg);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setAccessibleName(tr("Batch scripts"));
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dlg);
    buttons->addButton(tr("Submit"), QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    dlg.resize(760, 560);
    return dlg.exec() == QDialog::Accepted;
}

void ClusterJobs::submit(const rs::SlurmSubmitRequest& request) {
    submitting_ = true;
    const QString experiment = QString::fromStdString(request.out.string());
    // sbatch may wait on a busy controller: never on the GUI thread.
    auto* thread = QThread::create([this, request, experiment] {
        QString error, job;
        int runs = 0;
        try {
            const auto sub = rs::submitToSlurm(request);
            job = QString::fromStdString(sub.array_job);
            runs = int(sub.runs.size());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, error, job, runs, experiment] {
                submitting_ = false;
                if (!error.isEmpty()) {
                    Q_EMIT failed(error);
                    return;
                }
                load(experiment);
                Q_EMIT submitted(job, runs);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void ClusterJobs::load(const QString& experiment) {
    experiment_ = experiment;
    QMap<QString, QString> jobs;
    if (!experiment.isEmpty()) {
        try {
            const auto subs = rs::readSlurmSubmissions(experiment.toStdString());
            for (const auto& s : subs) {
                for (const auto& run : s.runs) {
                    jobs[QString::fromStdString(run)] =
                        QString::fromStdString(rs::slurmJobOf(subs, run));
                }
            }
        } catch (const std::exception&) {
            // A corrupt record: the runs still show what their folders say.
        }
    }
    if (jobs != jobs_) {
        jobs_ = jobs;
        Q_EMIT jobsChanged();
    }
}

bool ClusterJobs::cancel(const QString& run) {
    const QString job = jobOf(run);
    if (job.isEmpty()) {
        return false;
    }
    auto* proc = new QProcess(this);
    proc->setProcessChannelMode(QProcess::MergedChannels);
    connect(proc, &QProcess::finished, this, [this, proc](int code, QProcess::ExitStatus st) {
        if (st != QProcess::NormalExit || code != 0) {
            Q_EMIT cancelFailed(QString::fromUtf8(proc->readAll()).trimmed());
        }
        proc->deleteLater();
    });
    connect(proc, &QProcess::errorOccurred, this, [this, proc](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            Q_EMIT cancelFailed(tr("cannot run scancel: %1").arg(proc->errorString()));
            proc->deleteLater();
        }
    });
    proc->start(QStringLiteral("scancel"), {job}); // an argument, never a shell string
    return true;
}

} // namespace rsui
