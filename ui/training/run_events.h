#pragma once

#include <QMetaType>
#include <QString>

namespace rsui {

// Value types carried by queued signals from training threads to the GUI thread.
struct RunProgressEvent {
    QString run;
    qint64 step = 0, totalSteps = 0, tokens = 0, budget = 0;
    double loss = 0.0, tokensPerS = 0.0, etaS = 0.0;
    int threads = 0; // CPU threads the run computes with now (adaptive)
};

struct RunCheckpointEvent {
    QString run;
    qint64 tokens = 0;
    double valLoss = 0.0, trainLoss = 0.0, meanKeyPR = 0.0;
};

} // namespace rsui

Q_DECLARE_METATYPE(rsui::RunProgressEvent)
Q_DECLARE_METATYPE(rsui::RunCheckpointEvent)
