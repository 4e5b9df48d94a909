#pragma once

#include "ui/figures/figure_builder.h"
#include "ui/figures/figure_catalog.h"
#include "ui/figures/named_view.h"

#include <QChartView>
#include <QTimer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLayout;
class QLabel;
class QSettings;
class QSlider;
class QToolButton;
class QAction;

namespace rsui {

class ChartBinding;

// A chart view with rubber-band zoom (right click or the button resets) that tells its
// binding when the user has taken over the ranges.
class ZoomChartView : public QChartView {
    Q_OBJECT

  public:
    ZoomChartView(QChart* chart, ChartBinding* binding, QWidget* parent = nullptr);

  protected:
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;

  private:
    ChartBinding* binding_;
    QPoint pressedAt_;
};

// One figure of the study: option controls, the live chart, export buttons. Redraws are
// coalesced: any number of updates within 40 ms become one rebuild (at most ~25 per second).
class FigureView : public QWidget {
    Q_OBJECT

  public:
    using Builder = std::function<FigureData(const Runs&, const FigureOptions&)>;
    using RunsProvider = std::function<Runs()>;
    enum Control { // figure_catalog.h's FigureControl flags, by shorter names
        Metric = ControlMetric,
        QK = ControlQK,
        Tap = ControlTap,
        Layer = ControlLayer,
        Head = ControlHead,
        LogX = ControlLogX,
        LogY = ControlLogY,
        FocusRun = ControlFocusRun,
        KeyUseAxis = ControlKeyUse,
        Smoothing = ControlSmoothing,
        LinearYFirst = ControlLinearYFirst,
        SeedMean = ControlSeedMean,
        PerHead = ControlPerHead,
        GroupBy = ControlGroupBy,
        Band = ControlSeedBand
    };

    FigureView(const QString& id, Builder builder, RunsProvider runs, int controls,
               QWidget* parent = nullptr);

    QString id() const { return id_; }
    FigureOptions options() const;
    // Options shared by every view: hidden runs, scrubbed checkpoint, surgery marker.
    void setShared(const QSet<QString>& hidden, std::optional<int64_t> checkpoint,
                   std::optional<double> surgeryMarker);
    void setFocusRun(const QString& run);
    bool hasFocusRun() const { return focus_ != nullptr; }
    // Linked views: the run hovered elsewhere is drawn bold here.
    void setHighlightedRun(const QString& run);
    void scheduleRedraw();
    void redrawNow();
    const FigureData& figure() const;
    // What is on screen, as every export writes it: hidden series left out, the zoom kept.
    FigureData shownFigure() const;
    // The same, first drawn if the view has waited for its tab to be shown.
    FigureData exportedFigure();
    ChartBinding* binding() const { return binding_; }
    QSlider* smoothingSlider() const { return smoothing_; }
    // Pools the seeds by these factors (empty: by cell), as the Group by menu does.
    void setGroupBy(const std::vector<rs::Factor>& factors);
    // The figure as set up now (options, legend, zoom) under `name`, and back.
    NamedView namedView(const QString& name) const;
    void applyView(const NamedView& v);
    void saveSettings(QSettings& s) const;
    void restoreSettings(QSettings& s);
    QChartView* chartView() const { return view_; }

  public Q_SLOTS:
    void exportPng();
    void exportSvg();
    void exportCsv();

  Q_SIGNALS:
    // A click on a point or cell: its run and, where the x axis is training tokens, the
    // checkpoint (-1: none).
    void picked(const QString& run, qint64 tokens);
    void optionsChanged();
    void message(const QString& text);

  protected:
    void showEvent(QShowEvent* e) override;
    void changeEvent(QEvent* e) override;

  private:
    void addOptionControls(QLayout* bar);
    void addExportButtons(QLayout* bar);
    void addSmoothingSlider(QLayout* bar);
    void addGroupByMenu(QLayout* bar);
    void updateGroupByText();
    void addCheck(QLayout* bar, QCheckBox*& box, const char* text, const char* tip, bool on);
    void addChecks(QLayout* bar);
    QComboBox* labelledCombo(QLayout* bar, const char* label, const char* tip);
    void translateItems();
    void describeChart();
    void onPointClicked(const QString& series, const QPointF& point);
    void refreshChoices(const Runs& runs);
    void narrowFocusChoices(const QStringList& choices);
    // Asks for a file name and writes it; a failure is shown, naming the file.
    void saveAs(const QString& title, const QString& extension, const QString& filter,
                const std::function<void(const QString&)>& write);

    QString id_;
    Builder builder_;
    RunsProvider runs_;
    int controls_;
    ChartBinding* binding_ = nullptr;
    class Retranslator* texts_ = nullptr;
    ZoomChartView* view_ = nullptr;
    QTimer redraw_;
    QComboBox *metric_ = nullptr, *qk_ = nullptr, *tap_ = nullptr, *layer_ = nullptr,
              *head_ = nullptr, *focus_ = nullptr, *keyUse_ = nullptr, *band_ = nullptr;
    QCheckBox *logX_ = nullptr, *logY_ = nullptr, *seedMean_ = nullptr, *perHead_ = nullptr;
    QSlider* smoothing_ = nullptr; // EMA weight x 100
    QToolButton* groupBy_ = nullptr;
    std::vector<std::pair<rs::Factor, QAction*>> groupActions_;
    QLabel* smoothingValue_ = nullptr;
    QSet<QString> hidden_;
    QSet<QString> hiddenSeries_; // PlotSeries ids hidden in the legend
    std::optional<int64_t> checkpoint_;
    std::optional<double> marker_;
    bool dirty_ = false; // an update arrived while hidden: redraw when shown
};

} // namespace rsui
