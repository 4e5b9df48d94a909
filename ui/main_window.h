#pragma once

#include "core/cluster/slurm_submit.h"
#include "core/config/run_config.h"
#include "ui/figures/figure_builder.h"
#include "ui/theme.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <map>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSlider;
class QSortFilterProxyModel;
class QTabWidget;
class QSystemTrayIcon;
class QTableView;
class QToolBar;

namespace rsui {

class ClusterJobs;
class ColumnChooser;
class ConfigDiffDialog;
class ExperimentStore;
class FigureExportJob;
class FigureView;
class RunQueue;
class RunTableModel;
class SurgeryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens an experiment folder (creating it if asked) and follows it.
    bool openExperiment(const QString& dir, bool create = false);
    // Shows the run-matrix dialog pre-filled with `preset` for the open experiment.
    void showRunMatrix(const QString& preset = QStringLiteral("quick"));
    void launch(const std::vector<rs::RunConfig>& runs, const QString& dir, bool prepareData,
                int parallel);
    // Submits the runs to Slurm after showing the batch scripts; follows the folder as usual.
    void submitToCluster(const std::vector<rs::RunConfig>& runs, const QString& dir,
                         bool prepareData, const rs::SlurmResources& resources);
    ClusterJobs* clusterJobs() const { return cluster_; }

    ExperimentStore* store() const { return store_; }
    RunQueue* queue() const { return queue_; }
    RunTableModel* runModel() const { return model_; }
    SurgeryPanel* surgeryPanel() const { return surgery_; }
    QList<FigureView*> views() const { return views_; }
    QTabWidget* tabs() const { return tabs_; }
    QSlider* checkpointSlider() const { return ckptSlider_; }
    // What the last run-ended notification said (empty: none was needed): for tests.
    QString lastNotification() const { return lastNotification_; }
    // The default layout for a screen with this available geometry (size, dock placement).
    void layoutForScreen(const QRect& available);
    QDockWidget* runsDock() const { return runsDock_; }
    QDockWidget* surgeryDock() const { return surgeryDock_; }
    // Starts writing every study figure into `dir` in the background (Export all figures).
    FigureExportJob* startFigureExport(const QString& dir);
    // Writes every study figure (PNG, SVG, CSV) into `dir` now; returns the files written.
    QStringList exportAllFigures(const QString& dir);

    // Linked views: selects `run` in the table, the surgery panel and the single-run figures,
    // and scrubs to the last checkpoint at or before `tokens` (-1: leaves the scrubber).
    void linkTo(const QString& run, qint64 tokens);
    // Draws `run`'s series bold in every figure (empty: none), as hovering it in the table does.
    void highlightRun(const QString& run);
    QString highlightedRun() const { return highlighted_; }
    // The two selected runs' configurations, only the fields that differ (nullptr: not two).
    ConfigDiffDialog* compareSelected();
    QStringList selectedRuns() const;
    QStringList filteredRuns() const; // the rows the table's filter leaves, in its order
    // The current tab's figure as a named view in <experiment>/views/ (returns the file), and
    // a saved view reopened in its tab (false, with a message, when it cannot be).
    QString saveView(const QString& name);
    bool openView(const QString& path);
    // The charts draw only `shown` (`all`: every run), as Runs → Chart only … do.
    void showOnly(const QStringList& shown, bool all);
    // Runs → Cancel run / Resume run, enabled for the selected run's state (updateRunActions).
    QAction* cancelAction() const { return cancelAction_; }
    QAction* resumeAction() const { return resumeAction_; }
    ColumnChooser* columnChooser() const { return columns_; }
    QTableView* runTable() const { return table_; }

    // Switches the interface language at once (and for the next start).
    void chooseLanguage(const QString& code);
    void chooseTheme(Theme t);
    static QString themeLabel(Theme t);

  protected:
    void changeEvent(QEvent* e) override;
    void closeEvent(QCloseEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

    // Brings the figure tab with this id (e.g. "surgery") to the front.
    void showFigure(const QString& id);

  private:
    rs::SlurmSubmitRequest clusterRequest(const std::vector<rs::RunConfig>& runs,
                                          const QString& dir, bool prepareData,
                                          const rs::SlurmResources& resources) const;
    void buildRunsDock();
    void buildFigures();
    void buildSurgeryDock();
    void buildStatusBar();
    void connectStoreAndQueue();
    void connectCluster();
    void connectLinkedViews();
    void restoreSettings();
    QRect availableGeometry() const;
    void buildMenus();
    QAction* buildFileMenu(QMenu* file);
    QList<FigureData> shownStudyFigures() const;
    void buildViewMenu(QToolBar* bar);
    void buildRunSetActions(QMenu* runs);
    void buildViewFileActions(QMenu* view);
    void notifyRunEnded(const QString& run, int state, const QString& message);
    void refresh();
    void updateShared();
    void updateStatus();
    void updateRecentMenu();
    QString selectedRun() const;
    void cancelSelected();
    void resumeSelected();
    // Cancel only what trains, waits or is a cluster job; Resume only what is neither that nor
    // finished.
    void updateRunActions();
    void openSelectedFolder();
    void buildSettingsMenu(QMenu* settings);
    void retranslate();
    void rebuildMenus();
    void writeReport();

    ExperimentStore* store_ = nullptr;
    RunQueue* queue_ = nullptr;
    RunTableModel* model_ = nullptr;
    ClusterJobs* cluster_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* filter_ = nullptr;
    ColumnChooser* columns_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QDockWidget* runsDock_ = nullptr;
    QDockWidget* surgeryDock_ = nullptr;
    QAction* openAction_ = nullptr;
    QList<FigureView*> views_;
    SurgeryPanel* surgery_ = nullptr;
    QSlider* ckptSlider_ = nullptr;
    QLabel* ckptLabel_ = nullptr;
    QLabel* scrubLabel_ = nullptr;
    QToolBar* mainBar_ = nullptr;
    QAction *cancelAction_ = nullptr, *resumeAction_ = nullptr;
    QLabel* statusText_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QProgressBar* overall_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    std::vector<int64_t> marks_;
    std::map<QString, rs::RunConfig> launched_; // configs of runs queued from this window
    QString focusRun_;
    QString highlighted_;
    QString picked_; // the run last picked in a chart (linked views)
    QPointer<FigureExportJob> exportJob_;
    QSystemTrayIcon* tray_ = nullptr; // made on the first notification, where a tray exists
    QString lastNotification_;
};

} // namespace rsui
