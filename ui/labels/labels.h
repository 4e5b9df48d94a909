#pragma once

#include "core/spectral/probe_names.h"
#include "core/store/run_factors.h"
#include "core/store/surgery_record.h"
#include "ui/figures/key_use.h"

#include <QCoreApplication>
#include <QString>

namespace rsui {

// What the workbench calls the probe's vocabulary, the surgery strategies and the run factors,
// in the user's language: one place for the labels that figures, tables and panels share.
class Labels {
    Q_DECLARE_TR_FUNCTIONS(Labels)

  public:
    static QString metric(rs::Metric m);
    static QString tap(rs::Tap t);
    static QString qk(rs::QK qk); // "K" or "Q"
    // `brief`: the word on a check box ("SVD"); else the legend entry, which says the order.
    static QString strategy(rs::Strategy s, bool brief = false);
    static QString strategyToolTip(rs::Strategy s);
    static QString keyUse(KeyUse u);
    static QString factor(rs::Factor f); // "QK-Norm", "optimizer", ...
};

} // namespace rsui
