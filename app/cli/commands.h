#pragma once

#include "app/cli/command_spec.h"
#include "core/data/experiment_data.h"
#include "core/store/run_dir.h"

#include <nlohmann/json.hpp>

#include <atomic>

namespace rs::cli {

// Each command as a spec: its options, help and what runs it (command_spec.h). A command's run
// function returns the exit status; errors are thrown (UserError: 1, UsageError: 2).
CommandSpec trainCommand();
CommandSpec presetCommand();
CommandSpec matrixCommand();
CommandSpec slurmCommand();
CommandSpec runTaskCommand();
CommandSpec probeCommand();
CommandSpec surgeryCommand();
CommandSpec exportCommand();
CommandSpec benchCommand();
CommandSpec dataCommand();
CommandSpec figuresCommand(); // runs only with RANKSCOPE_HAVE_FIGURES
CommandSpec reportCommand();  // runs only with RANKSCOPE_HAVE_FIGURES

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
