#pragma once

#include "core/spectral/probe_names.h"
#include "core/store/run_factors.h"
#include "core/store/surgery_record.h"
#include "ui/figures/key_use.h"
#include "ui/figures/seed_band.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace rs {
struct RunSnapshot;
}

namespace rsui {

// What the workbench calls the probe's vocabulary, the surgery strategies and the run factors,
// in the user's language: one place for the labels that figures, tables and panels share.
class Labels {
    Q_DECLARE_TR_FUNCTIONS(Labels)

  public:
    static QString metric(rs::Metric m);
    // The metric as an axis title: short enough for a chart 200 px tall ("PR (dimensions)").
    static QString metricAxis(rs::Metric m);
    static QString tap(rs::Tap t);
    static QString qk(rs::QK qk); // "K" or "Q"
    // `brief`: the word on a check box ("SVD"); else the legend entry, which says the order.
    static QString strategy(rs::Strategy s, bool brief = false);
    static QString strategyToolTip(rs::Strategy s);
    static QString keyUse(KeyUse u);
    static QString factor(rs::Factor f); // "QK-Norm", "optimizer", ...
    static QString seedBand(SeedBand b); // the Seeds combo: "mean, 95 % interval", ...
    static QString seedBandOf(SeedBand b, const QString& label); // "A1 95 % interval"
    // A run's value of a factor as the tables and legends show it: "on", "Muon + AdamW",
    // "synthetic standard", "0.006" (rs::factorValue's keys translated); "" without run.json.
    static QString factorValue(const rs::RunSnapshot& r, rs::Factor f);
    // The group a run falls in under `factors`, for a legend: "QK-Norm off · Muon + AdamW".
    static QString group(const rs::RunSnapshot& r, const std::vector<rs::Factor>& factors);
};

} // namespace rsui
