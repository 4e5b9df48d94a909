#pragma once

#include "core/analysis/study.h"
#include "ui/report/report_document.h"

#include <string>
#include <vector>

namespace rsui {

// The report's tables, in order: cells, trajectories, comparisons, the QK-Norm tap
// decomposition, the controls and sensitivity cells, the data claims' own-batch contrasts and
// source mix, dynamics, gamma as a proxy.
std::vector<ReportTable> reportTables(const rs::StudyResult& s);

// The questions at a glance (rs::answerSummary): the report's first table.
ReportTable answersTable(const rs::StudyResult& s);

// A number as the tables print it: `digits` significant digits, "n/a" when not finite.
std::string reportNum(double v, int digits = 4);

} // namespace rsui
