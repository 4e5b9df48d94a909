#pragma once

#include "core/data/experiment_data.h"
#include "core/store/run_dir.h"

#include <nlohmann/json.hpp>

#include <atomic>

namespace rs::cli {

// Each returns the process exit code; user errors are thrown as rs::UserError.
int cmdTrain(int argc, char** argv);
int cmdMatrix(int argc, char** argv);
int cmdBench(int argc, char** argv);
int cmdPreset(int argc, char** argv);
int cmdData(int argc, char** argv);
int cmdProbe(int argc, char** argv);
int cmdExport(int argc, char** argv);
int cmdSurgery(int argc, char** argv);
int cmdFigures(int argc, char** argv); // only with RANKSCOPE_HAVE_FIGURES
int cmdReport(int argc, char** argv);  // only with RANKSCOPE_HAVE_FIGURES
int cmdSlurm(int argc, char** argv);
int cmdRunTask(int argc, char** argv);

// Runs the data preparation with a terminal progress line; returns the manifest.
nlohmann::json prepareWithProgress(rs::PrepareOptions options);

// Set by SIGINT, SIGTERM, SIGHUP or SIGQUIT (a second one 2 s later ends the process at once);
// the trainer checks it every step and saves a resume point. The first call installs the handlers.
const std::atomic<bool>& cancelFlag();
// Which signal set the flag (SIGINT, SIGTERM, SIGUSR1), 0 when none.
int cancelSignal();
// The shell's convention for a command stopped by a signal: 128 + its number (SIGINT 130,
// SIGTERM 143); 130 when the stop had no signal.
int cancelledExitCode();
// SIGUSR1 (Slurm's warning before the time limit) also sets the flag: for run-task.
void installRequeueHandler();

} // namespace rs::cli
