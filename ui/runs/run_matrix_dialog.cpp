#include "ui/runs/run_matrix_dialog.h"
#include "ui/experiment_paths.h"
#include "ui/labels/choice_labels.h"
#include "ui/labels/matrix_text.h"
#include "ui/runs/slurm_target_box.h"

#include "ui/figures/figure_builder.h"
#include "core/train/runtime.h"
#include "core/util/system_info.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGuiApplication>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace rsui {

namespace {

enum CellColumn { CInclude, CQkNorm, COptimizer, CData, CDescription };
constexpr int kDescriptionRoom = 160; // px of the cells' description before it is elided

QString duration(double s) {
    if (s < 90) {
        return RunMatrixDialog::tr("%1 s").arg(int(s));
    }
    if (s < 5400) {
        return RunMatrixDialog::tr("%1 min").arg(int(std::round(s / 60)));
    }
    return RunMatrixDialog::tr("%1 h").arg(s / 3600, 0, 'f', 1);
}

} // namespace

RunMatrixDialog::RunMatrixDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Run matrix"));
    // Two columns (what and where | how and on what) keep the form about 560 px tall; it scrolls
    // on a smaller screen while the estimate, the message and the buttons stay below it.
    auto* form = new QWidget(this);
    auto* columns = new QHBoxLayout(form);
    columns->setContentsMargins(0, 0, 0, 0);
    auto* left = new QVBoxLayout;
    left->addLayout(placeForm());
    left->addWidget(cellsBox());
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(modelBox());
    right->addWidget(fidelityBox());
    right->addLayout(deviceRow());
    target_ = new SlurmTargetBox(this);
    right->addWidget(target_);
    right->addStretch(1);
    columns->addLayout(left, 3);
    columns->addLayout(right, 2);
    scroll_ = new QScrollArea(this);
    scroll_->setWidget(form);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll_, 1);
    preview_ = new QLabel(this);
    preview_->setWordWrap(true);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(preview_);
    layout->addWidget(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    launch_ = buttons->addButton(tr("Launch"), QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(out_, &QLineEdit::textChanged, this, &RunMatrixDialog::updatePreview);
    connect(target_, &SlurmTargetBox::changed, this, [this] {
        launch_->setText(target_->slurmChosen() ? tr("Submit to Slurm…") : tr("Launch"));
    });
    connect(preset_, &QComboBox::currentIndexChanged, this, [this] {
        try {
            loadPresetFields(rs::loadPreset(preset_->currentData().toString().toStdString()));
        } catch (const std::exception& e) {
            message_->setText(QString::fromStdString(e.what()));
        }
    });
    setPreset(QStringLiteral("quick"));
}

void RunMatrixDialog::fitToScreen(const QRect& available) {
    // As wide as the form wants (plus a scroll bar), as tall as it wants up to the screen less
    // room for a title bar; the rest scrolls.
    const QWidget* form = scroll_->widget();
    const int bar = scroll_->verticalScrollBar()->sizeHint().width();
    const QMargins m = layout()->contentsMargins();
    const int below = height() - scroll_->height();
    const int wantW = form->sizeHint().width() + bar + m.left() + m.right();
    const int wantH = form->sizeHint().height() + std::max(below, 0) + m.top() + m.bottom();
    const int w = std::min(wantW, available.width() - 16);
    const int h = std::min(wantH, available.height() - kTitleBarAllowance);
    resize(w, h);
    move(available.x() + (available.width() - w) / 2, available.y() + (available.height() - h) / 2);
}

void RunMatrixDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    if (!fitted_) {
        fitted_ = true;
        const QScreen* sc = screen() ? screen() : QGuiApplication::primaryScreen();
        fitToScreen(sc ? sc->availableGeometry() : QRect(0, 0, 1280, 720));
    }
}

// Where the experiment goes, the preset and the data.
QFormLayout* RunMatrixDialog::placeForm() {
    auto* top = new QFormLayout;
    auto* outRow = new QHBoxLayout;
    out_ = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    outRow->addWidget(out_, 1);
    outRow->addWidget(browse);
    top->addRow(tr("Experiment folder"), outRow);
    preset_ = new QComboBox(this);
    for (const auto& p : rs::presetNames()) {
        preset_->addItem(QString::fromStdString(p), QString::fromStdString(p));
    }
    top->addRow(tr("Model preset"), preset_);
    data_ = new QComboBox(this);
    data_->addItem(tr("real corpora (prepared into the experiment's data/ folder)"), false);
    data_->addItem(tr("synthetic language (offline, no download)"), true);
    top->addRow(tr("Training data"), data_);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d =
            QFileDialog::getExistingDirectory(this, tr("Experiment folder"), out_->text());
        if (!d.isEmpty()) {
            out_->setText(d);
        }
    });
    return top;
}

QGroupBox* RunMatrixDialog::cellsBox() {
    auto* cellsBox =
        new QGroupBox(tr("Cells to train (the study's optional controls start unticked)"), this);
    auto* cellsLayout = new QVBoxLayout(cellsBox);
    cells_ = new QTableWidget(0, 5, cellsBox);
    cells_->setHorizontalHeaderLabels(
        {tr("Cell"), tr("QK-Norm"), tr("Optimizer"), tr("Data"), tr("What it is")});
    cells_->verticalHeader()->hide();
    cells_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    cells_->horizontalHeader()->setStretchLastSection(true);
    for (const auto& c : rs::matrixCells()) {
        addCellRow(c);
    }
    // Every row shows (no vertical scrolling inside the dialog's own scroll area); the
    // description is elided to the room left (its tooltip holds it whole).
    cells_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    cells_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    cells_->resizeColumnsToContents();
    cells_->resizeRowsToContents();
    int shown = 2 * cells_->frameWidth() + kDescriptionRoom;
    for (int c = 0; c < CDescription; ++c) {
        shown += cells_->columnWidth(c);
    }
    cells_->setMinimumWidth(shown);
    cells_->setMinimumHeight(cells_->verticalHeader()->length() +
                             cells_->horizontalHeader()->sizeHint().height() +
                             2 * cells_->frameWidth());
    connect(cells_, &QTableWidget::itemChanged, this, &RunMatrixDialog::updatePreview);
    cellsLayout->addWidget(cells_);
    auto* seedRow = new QHBoxLayout;
    seeds_ = new QSpinBox(this);
    seeds_->setRange(1, 20);
    seeds_->setValue(rs::kDefaultSeeds);
    seeds_->setToolTip(tr("With 4 or more seeds per cell the exact permutation test can reach "
                          "p < 0.05; with fewer the report's comparisons stay undetermined."));
    firstSeed_ = new QSpinBox(this);
    firstSeed_->setRange(0, 100000);
    seedRow->addWidget(new QLabel(tr("Seeds per cell"), this));
    seedRow->addWidget(seeds_);
    seedRow->addWidget(new QLabel(tr("first seed"), this));
    seedRow->addWidget(firstSeed_);
    seedRow->addStretch(1);
    cellsLayout->addLayout(seedRow);

    return cellsBox;
}

void RunMatrixDialog::addCellRow(const rs::MatrixCell& c) {
    const int row = cells_->rowCount();
    cells_->insertRow(row);
    auto* name = new QTableWidgetItem(QString::fromStdString(c.cell));
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    name->setCheckState(c.in_default ? Qt::Checked : Qt::Unchecked);
    cells_->setItem(row, CInclude, name);
    auto* what = new QTableWidgetItem(cellDescription(c));
    what->setFlags(Qt::ItemIsEnabled);
    what->setToolTip(what->text());
    cells_->setItem(row, CDescription, what);
    auto* qk = new QTableWidgetItem;
    qk->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    const rs::RunConfig applied = c.applied();
    qk->setCheckState(applied.model.qk_norm ? Qt::Checked : Qt::Unchecked);
    cells_->setItem(row, CQkNorm, qk);
    auto* opt = new QComboBox(cells_);
    fillChoiceCombo(opt, applied.train.optimizer);
    auto* data = new QComboBox(cells_);
    fillChoiceCombo(data, applied.data.variant);
    cells_->setCellWidget(row, COptimizer, opt);
    cells_->setCellWidget(row, CData, data);
    connect(opt, &QComboBox::currentIndexChanged, this, &RunMatrixDialog::updatePreview);
    connect(data, &QComboBox::currentIndexChanged, this, &RunMatrixDialog::updatePreview);
}

QGroupBox* RunMatrixDialog::modelBox() {
    auto* hp = new QGroupBox(tr("Model and training"), this);
    auto* grid = new QGridLayout(hp);
    auto spin = [&](int row, int col, const QString& label, QSpinBox*& box, int lo, int hi) {
        box = new QSpinBox(hp);
        box->setRange(lo, hi);
        grid->addWidget(new QLabel(label, hp), row, col * 2);
        grid->addWidget(box, row, col * 2 + 1);
        connect(box, &QSpinBox::valueChanged, this, &RunMatrixDialog::updatePreview);
    };
    auto dspin = [&](int row, int col, const QString& label, QDoubleSpinBox*& box, double lo,
                     double hi, int decimals) {
        box = new QDoubleSpinBox(hp);
        box->setRange(lo, hi);
        box->setDecimals(decimals);
        grid->addWidget(new QLabel(label, hp), row, col * 2);
        grid->addWidget(box, row, col * 2 + 1);
        connect(box, &QDoubleSpinBox::valueChanged, this, &RunMatrixDialog::updatePreview);
    };
    spin(0, 0, tr("d_model"), dModel_, 16, 8192);
    spin(0, 1, tr("layers"), layers_, 1, 128);
    spin(0, 2, tr("query heads"), heads_, 1, 128);
    spin(1, 0, tr("KV heads"), kvHeads_, 1, 128);
    spin(1, 1, tr("FFN width"), ffn_, 16, 65536);
    spin(1, 2, tr("batch size"), batch_, 1, 4096);
    spin(2, 0, tr("sequence length"), seqLen_, 8, 8192);
    dspin(2, 1, tr("Muon lr"), muonLr_, 0.0, 1.0, 4);
    dspin(2, 2, tr("AdamW lr"), adamLr_, 0.0, 1.0, 4);
    dspin(3, 0, tr("token budget (M)"), budgetM_, 0.001, 100000.0, 3);
    for (auto [box, name] : {std::pair{dModel_, "dModel"}, std::pair{layers_, "layers"},
                             std::pair{heads_, "queryHeads"}, std::pair{kvHeads_, "kvHeads"}}) {
        box->setObjectName(QString::fromLatin1(name));
    }
    schedule_ = new QLabel(hp);
    schedule_->setWordWrap(true);
    grid->addWidget(new QLabel(tr("checkpoints at"), hp), 4, 0);
    grid->addWidget(schedule_, 4, 1, 1, 5);
    return hp;
}

// Where it runs and how many runs at once.
QHBoxLayout* RunMatrixDialog::deviceRow() {
    auto* runRow = new QHBoxLayout;
    device_ = new QComboBox(this);
    // Where this machine can train: the CPU, and CUDA (preferred) when LibTorch sees a GPU.
    const bool cuda = rs::cudaAvailable();
    fillChoiceCombo<rs::Device>(
        device_, cuda ? rs::Device::Cuda : rs::Device::Cpu,
        [cuda](rs::Device d) { return d == rs::Device::Cpu || (d == rs::Device::Cuda && cuda); });
    parallel_ = new QSpinBox(this);
    parallel_->setRange(1, 16);
    // One run per core on the CPU (each adapts its threads to its share and to the load), one on
    // a GPU: what `rankscope-cli bench --matrix` measured fastest.
    parallel_->setValue(choiceIn<rs::Device>(device_) == rs::Device::Cuda
                            ? 1
                            : std::clamp(int(rs::availableCores()), 1, 16));
    parallel_->setToolTip(tr("Runs trained at once. On the CPU they share the cores: each run "
                             "uses fewer threads while others run beside it or the machine is "
                             "busy, and more when cores become free."));
    runRow->addWidget(new QLabel(tr("Device"), this));
    runRow->addWidget(device_);
    runRow->addWidget(new QLabel(tr("Runs at once"), this));
    runRow->addWidget(parallel_);
    runRow->addStretch(1);
    connect(device_, &QComboBox::currentIndexChanged, this, &RunMatrixDialog::updatePreview);
    connect(parallel_, &QSpinBox::valueChanged, this, &RunMatrixDialog::updatePreview);
    connect(seeds_, &QSpinBox::valueChanged, this, &RunMatrixDialog::updatePreview);

    return runRow;
}

QString RunMatrixDialog::cellDescription(const rs::MatrixCell& c) {
    return matrixText(c.description);
}

QGroupBox* RunMatrixDialog::fidelityBox() {
    auto* box = new QGroupBox(tr("Advanced: departures from the reference"), this);
    auto* form = new QFormLayout(box);
    grouping_ = new QComboBox(box);
    fillChoiceCombo(grouping_, rs::MuonGrouping::FusedQkvo);
    gamma_ = new QComboBox(box);
    fillChoiceCombo(gamma_, rs::GammaLayout::Shared);
    orthogonalization_ = new QComboBox(box);
    fillChoiceCombo(orthogonalization_, rs::Orthogonalization::PolarExpress);
    form->addRow(tr("Muon orthogonalizes"), grouping_);
    form->addRow(tr("QK-Norm gain"), gamma_);
    form->addRow(tr("Orthogonalization"), orthogonalization_);
    for (auto* c : {grouping_, gamma_, orthogonalization_}) {
        connect(c, &QComboBox::currentIndexChanged, this, &RunMatrixDialog::updatePreview);
    }
    box->setToolTip(tr("The defaults reproduce the reference implementation; each alternative is "
                       "recorded in run.json and named in the report."));
    return box;
}

void RunMatrixDialog::setPreset(const QString& name) {
    const int i = preset_->findData(name);
    if (i >= 0 && i != preset_->currentIndex()) {
        preset_->setCurrentIndex(i); // loads the fields
    } else if (i >= 0) {
        loadPresetFields(rs::loadPreset(name.toStdString()));
    }
}

void RunMatrixDialog::setOutputDir(const QString& dir) {
    out_->setText(dir);
}

QString RunMatrixDialog::outputDir() const {
    return out_->text().trimmed();
}

void RunMatrixDialog::setSyntheticData(bool synthetic) {
    data_->setCurrentIndex(std::max(0, data_->findData(synthetic)));
}

bool RunMatrixDialog::syntheticData() const {
    return data_->currentData().toBool();
}

int RunMatrixDialog::parallelRuns() const {
    return parallel_->value();
}

void RunMatrixDialog::loadPresetFields(const rs::RunConfig& cfg) {
    preset_cfg_ = cfg;
    const QSignalBlocker b1(dModel_), b2(layers_), b3(heads_), b4(kvHeads_), b5(ffn_), b6(batch_),
        b7(seqLen_), b8(muonLr_), b9(adamLr_), b10(budgetM_);
    dModel_->setValue(int(cfg.model.d_model));
    layers_->setValue(int(cfg.model.n_layers));
    heads_->setValue(int(cfg.model.n_heads));
    kvHeads_->setValue(int(cfg.model.n_kv_heads));
    ffn_->setValue(int(cfg.model.ffn_dim));
    batch_->setValue(int(cfg.train.batch_size));
    seqLen_->setValue(int(cfg.train.seq_len));
    muonLr_->setValue(cfg.train.muon.lr);
    adamLr_->setValue(cfg.train.adamw.lr);
    budgetM_->setValue(double(cfg.train.token_budget) / 1e6);
    {
        const QSignalBlocker c1(grouping_), c2(gamma_), c3(orthogonalization_);
        fillChoiceCombo(grouping_, cfg.train.muon.grouping);
        fillChoiceCombo(gamma_, cfg.model.qk_norm_gamma);
        fillChoiceCombo(orthogonalization_, cfg.train.muon.coefficients);
    }
    updatePreview();
}

rs::RunConfig RunMatrixDialog::baseConfig() const {
    rs::RunConfig cfg = preset_cfg_;
    cfg.model.d_model = dModel_->value();
    cfg.model.n_layers = layers_->value();
    cfg.model.n_heads = heads_->value();
    cfg.model.n_kv_heads = kvHeads_->value();
    cfg.model.ffn_dim = ffn_->value();
    cfg.model.max_seq_len = std::max<int64_t>(cfg.model.max_seq_len, seqLen_->value());
    cfg.train.batch_size = batch_->value();
    cfg.train.seq_len = seqLen_->value();
    cfg.train.muon.lr = muonLr_->value();
    cfg.train.adamw.lr = adamLr_->value();
    // The field shows millions to three decimals: an untouched field keeps the preset's exact
    // budget (655,360 shows as 0.655), so the dialog's runs match the CLI's and can resume.
    const double shown = std::round(double(preset_cfg_.train.token_budget) / 1e3) / 1e3;
    if (budgetM_->value() != shown) {
        cfg.train.token_budget = int64_t(std::llround(budgetM_->value() * 1e6));
    }
    cfg.train.muon.grouping = choiceIn<rs::MuonGrouping>(grouping_);
    cfg.model.qk_norm_gamma = choiceIn<rs::GammaLayout>(gamma_);
    cfg.train.muon.coefficients = choiceIn<rs::Orthogonalization>(orthogonalization_);
    cfg.train.device = choiceIn<rs::Device>(device_);
    if (syntheticData()) {
        cfg.data.source = rs::DataSource::Synthetic;
    } else {
        cfg.data.source = rs::DataSource::Prepared;
        cfg.data.dir = experimentDataDir(outputDir()).toStdString();
    }
    return cfg;
}

std::vector<rs::RunConfig> RunMatrixDialog::runs() const {
    error_.clear();
    if (outputDir().isEmpty()) {
        error_ = tr("Choose an experiment folder: the runs are written there.");
        return {};
    }
    const rs::RunConfig base = baseConfig();
    std::vector<rs::MatrixCell> cells;
    for (int row = 0; row < cells_->rowCount(); ++row) {
        if (cells_->item(row, CInclude)->checkState() != Qt::Checked) {
            continue;
        }
        // The file's cell (controls carry more than the three factors shown), then the edits.
        rs::MatrixCell c =
            rs::chooseCells({cells_->item(row, CInclude)->text().toStdString()}).front();
        c.settings["model.qk_norm"] = cells_->item(row, CQkNorm)->checkState() == Qt::Checked;
        c.settings["train.optimizer"] = rs::key(
            choiceIn<rs::Optimizer>(static_cast<QComboBox*>(cells_->cellWidget(row, COptimizer))));
        c.settings["data.variant"] = rs::key(
            choiceIn<rs::DataVariant>(static_cast<QComboBox*>(cells_->cellWidget(row, CData))));
        cells.push_back(c);
    }
    std::vector<rs::RunConfig> out;
    try {
        base.validate();
        out = rs::expandMatrix(base, cells, seeds_->value(), uint64_t(firstSeed_->value()));
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
        return {};
    }
    if (out.empty()) {
        error_ = tr("Tick at least one cell.");
    }
    return out;
}

double RunMatrixDialog::recordedThroughput(const QString& preset) {
    return QSettings().value(QStringLiteral("throughput-per-thread/") + preset, 0.0).toDouble();
}

void RunMatrixDialog::recordThroughput(const QString& preset, double tokensPerS, int threads) {
    if (tokensPerS > 0) {
        QSettings().setValue(QStringLiteral("throughput-per-thread/") + preset,
                             tokensPerS / std::max(1, threads));
    }
}

void RunMatrixDialog::setObservedThroughput(const QMap<QString, double>& byPreset) {
    observed_ = byPreset;
    updatePreview();
}

void RunMatrixDialog::updatePreview() {
    if (!dModel_ || !budgetM_ || !launch_) {
        return;
    }
    const auto runs = this->runs();
    const rs::RunConfig base = baseConfig();
    QStringList marks;
    try {
        for (auto t : base.train.checkpointMarks()) {
            marks << formatTokens(double(t));
        }
    } catch (const std::exception&) {
    }
    schedule_->setText(marks.join(QStringLiteral(", ")));
    message_->setText(error_);
    launch_->setEnabled(!runs.empty());
    if (runs.empty()) {
        preview_->setText(tr("No runs."));
        return;
    }
    // Throughput per thread: what this machine recorded for the preset, else scaled from the
    // reference measurement (quick: ~14k tokens/s for a 1-thread run with bf16) by parameters.
    const QString preset = preset_->currentData().toString();
    double tps = recordedThroughput(preset);
    QString source = tr("recorded on this machine");
    if (tps <= 0 && observed_.value(preset, 0.0) > 0) {
        tps = observed_.value(preset);
        source = tr("seen in the open experiment's runs");
    }
    if (tps <= 0) {
        tps = 14000.0 * 0.99e6 / std::max(1.0, double(base.model.parameterCount()));
        source = tr("rough: scaled from the reference CPU measurement");
    }
    const double tokens = double(base.train.token_budget) * double(runs.size());
    // Beside training, each mark validates on val_tokens (a forward: about a third of a
    // training step's cost per token) and probes (~0.12 s per million parameters on a CPU core,
    // measured for the quick preset), and each run takes a few seconds to start.
    const double markCount = double(base.train.checkpointMarks().size());
    const double params = double(base.model.parameterCount());
    const double validation = markCount * double(base.train.val_tokens) / 3.0 * double(runs.size());
    const double perRunSeconds = markCount * 0.12 * params / 0.99e6 + 3.0;
    const double concurrent = std::min<double>(parallel_->value(), double(runs.size()));
    const double cores = double(rs::availableCores());
    // Runs at once share the cores; a run alone uses them less well (two 1-thread runs trained
    // 1.36x the tokens of one 2-thread run in `rankscope-cli bench --matrix`).
    const double aggregate = choiceIn<rs::Device>(device_) == rs::Device::Cuda
                                 ? tps * cores * concurrent
                                 : tps * cores * (concurrent >= cores ? 1.0 : 0.73);
    const double seconds = (tokens + validation) / aggregate +
                           perRunSeconds * double(runs.size()) / std::max(1.0, concurrent);
    preview_->setText(tr("%n run(s), %1 parameters each, %2 tokens in all; estimated %3: "
                         "training at %4 tokens/s per thread (%5), plus validation on %6 tokens "
                         "and a probe at each of %7 marks per run",
                         nullptr, int(runs.size()))
                          .arg(formatTokens(params), formatTokens(tokens), duration(seconds))
                          .arg(tps, 0, 'f', 0)
                          .arg(source, formatTokens(double(base.train.val_tokens)))
                          .arg(int(markCount)));
}

} // namespace rsui
