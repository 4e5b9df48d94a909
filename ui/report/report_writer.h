#pragma once

#include "core/analysis/study.h"

#include <QString>
#include <QStringList>

namespace rsui {

// Turns an experiment folder into the study's report in `outDir`:
//   figures/<id>.png|.svg|.csv  the study figures, rendered by the GUI's own figure code
//   tables/*.csv, tables/*.md   cells, comparisons (overall and per layer), dynamics, gamma
//   report.md, report.html      the claims with their numbers, method, caveats, provenance
// Headless (needs a QApplication; offscreen is fine). Throws rs::UserError on an unreadable
// experiment or an unwritable output folder.
struct ReportResult {
    QStringList files;
    rs::StudyResult study;
    std::vector<std::string> problems; // damaged files the report left out ("run: what")
};

ReportResult writeReport(const QString& experimentDir, const QString& outDir,
                         const rs::StudyOptions& options = {});

} // namespace rsui
