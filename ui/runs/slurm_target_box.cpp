#include "ui/runs/slurm_target_box.h"

#include "core/cluster/slurm_queue.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace rsui {

SlurmTargetBox::SlurmTargetBox(QWidget* parent)
    : QGroupBox(tr("Where to train"), parent), available_(rs::slurmAvailable()) {
    auto* layout = new QVBoxLayout(this);
    target_ = new QComboBox(this);
    target_->addItem(tr("This machine"));
    target_->addItem(tr("Slurm cluster (one array task per run)"));
    target_->setAccessibleName(tr("Training target"));
    layout->addWidget(target_);
    fields_ = new QWidget(this);
    // Two fields a row: the dialog is tall already.
    auto* form = new QGridLayout(fields_);
    form->setContentsMargins(0, 0, 0, 0);
    partition_ = new QLineEdit(fields_);
    partition_->setPlaceholderText(tr("cluster default"));
    time_ = new QLineEdit(fields_);
    time_->setPlaceholderText(tr("partition default, e.g. 12:00:00"));
    account_ = new QLineEdit(fields_);
    account_->setPlaceholderText(tr("none"));
    extra_ = new QLineEdit(fields_);
    extra_->setPlaceholderText(tr("e.g. --constraint=a100 --qos=long"));
    cpus_ = new QSpinBox(fields_);
    cpus_->setRange(1, 256);
    cpus_->setValue(4);
    gpus_ = new QSpinBox(fields_);
    gpus_->setRange(0, 8);
    const std::pair<QString, QWidget*> fields[] = {
        {tr("Partition"), partition_}, {tr("Time limit per task"), time_},
        {tr("CPUs per task"), cpus_},  {tr("GPUs per task"), gpus_},
        {tr("Account"), account_},     {tr("Extra sbatch options"), extra_}};
    for (int i = 0; i < 6; ++i) {
        auto* label = new QLabel(fields[i].first, fields_);
        label->setBuddy(fields[i].second);
        fields[i].second->setAccessibleName(fields[i].first);
        form->addWidget(label, i / 2, (i % 2) * 2);
        form->addWidget(fields[i].second, i / 2, (i % 2) * 2 + 1);
    }
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 1);
    layout->addWidget(fields_);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    layout->addWidget(note_);
    if (!available_) {
        // A disabled item: visible, so the option is known, with why it cannot be chosen.
        target_->setItemData(1, 0, Qt::UserRole - 1);
        note_->setText(tr("Slurm: sbatch is not on PATH. Submit from a cluster login node, or "
                          "from a machine that is a Slurm client and shares the experiment "
                          "folder with the compute nodes."));
    } else {
        note_->setText(tr("The experiment folder must be on a filesystem every node shares. "
                          "Tasks are requeued before their time limit and resume where they "
                          "stopped."));
    }
    connect(target_, &QComboBox::currentIndexChanged, this, &SlurmTargetBox::updateEnabled);
    for (auto* e : {partition_, time_, account_, extra_}) {
        connect(e, &QLineEdit::textChanged, this, &SlurmTargetBox::changed);
    }
    for (auto* s : {cpus_, gpus_}) {
        connect(s, &QSpinBox::valueChanged, this, &SlurmTargetBox::changed);
    }
    updateEnabled();
}

bool SlurmTargetBox::slurmChosen() const {
    return target_->currentIndex() == 1;
}

void SlurmTargetBox::chooseSlurm(bool on) {
    target_->setCurrentIndex(on && available_ ? 1 : 0);
}

void SlurmTargetBox::updateEnabled() {
    fields_->setVisible(slurmChosen());
    // Why Slurm cannot be chosen shows always; what it takes (shared folder, requeue) only with it.
    note_->setVisible(!available_ || slurmChosen());
    Q_EMIT changed();
}

rs::SlurmResources SlurmTargetBox::resources() const {
    rs::SlurmResources r;
    r.partition = partition_->text().trimmed().toStdString();
    r.time_limit = time_->text().trimmed().toStdString();
    r.account = account_->text().trimmed().toStdString();
    r.cpus_per_task = cpus_->value();
    r.gpus_per_task = gpus_->value();
    for (const auto& a : extra_->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        r.extra.push_back(a.toStdString());
    }
    return r;
}

QString SlurmTargetBox::note() const {
    return note_->text();
}

bool SlurmTargetBox::noteShown() const {
    return !note_->isHidden();
}

} // namespace rsui
