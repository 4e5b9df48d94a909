#include "app/cli/args.h"
#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/completion.h"
#include "core/util/memory_reuse.h"

#include <cstdio>

namespace {

using rs::cli::CommandSpec;

#ifndef RANKSCOPE_HAVE_FIGURES
// Commands drawn with Qt's figure code exist only where the GUI is built.
CommandSpec needsGui(const char* name, const char* summary) {
    CommandSpec c;
    c.name = name;
    c.summary = std::string(summary) + " (builds with the GUI)";
    c.missing =
        "this build has no Qt: configure with -DRANKSCOPE_WITH_GUI=ON (needs Qt 6) or run `" +
        c.name + "` where the GUI is built";
    return c;
}
#endif

const char* kExitStatus = R"(Exit status:
  0    done
  1    an error in the work (bad input, a failed run, a file that cannot be written)
  2    a usage error (unknown command or option, a missing or malformed value)
  3    an internal error (a bug: please report it with the command line)
  75   run-task only: stopped by SIGUSR1 for Slurm to requeue
  130  interrupted by SIGINT (Ctrl-C); 129 SIGHUP, 131 SIGQUIT: a resume point is saved
  143  terminated by SIGTERM: a resume point is saved

Environment:
  XDG_CACHE_HOME    fetched corpora are kept in $XDG_CACHE_HOME/rankscope (default
                    ~/.cache/rankscope) unless --cache is given
  TMPDIR            where temporary files go
  SLURM_*           read by run-task inside a Slurm array task)";

const rs::cli::ProgramSpec& program();

int cmdCompletion(const rs::cli::Args& args) {
    if (args.required("SHELL") != "bash") {
        throw rs::cli::UsageError("no completion for '" + args.required("SHELL") +
                                  "': only bash is supported");
    }
    std::fputs(rs::cli::bashCompletion(program()).c_str(), stdout);
    return 0;
}

CommandSpec completionCommand() {
    CommandSpec c;
    c.name = "completion";
    c.summary = "print the bash completion script";
    auto shell = rs::cli::positionalArgument("SHELL", "the shell (bash)");
    shell.choices = {"bash"};
    c.options = {shell};
    c.details = "Installed packages load it from /usr/share/bash-completion/completions; from a\n"
                "build: source <(rankscope-cli completion bash)";
    c.run = cmdCompletion;
    return c;
}

const rs::cli::ProgramSpec& program() {
    static const rs::cli::ProgramSpec p = [] {
        rs::cli::ProgramSpec s;
        s.name = "rankscope-cli";
        s.version = RANKSCOPE_VERSION;
        s.summary = "train and measure the RankScope run matrix headless";
        s.details = kExitStatus;
        s.commands = {rs::cli::trainCommand(),   rs::cli::matrixCommand(),
                      rs::cli::slurmCommand(),   rs::cli::runTaskCommand(),
                      rs::cli::probeCommand(),   rs::cli::surgeryCommand(),
                      rs::cli::exportCommand(),  rs::cli::benchCommand(),
                      rs::cli::dataCommand(),    rs::cli::presetCommand(),
#ifdef RANKSCOPE_HAVE_FIGURES
                      rs::cli::figuresCommand(), rs::cli::reportCommand(),
#else
                      needsGui("figures", "the study figures of an experiment"),
                      needsGui("report", "statistics over seeds and the report"),
#endif
                      completionCommand()};
        return s;
    }();
    return p;
}

} // namespace

int main(int argc, char** argv) {
    rs::keepFreedMemoryForReuse(); // before LibTorch allocates: see util/memory_reuse.h
    return rs::cli::runCommandLine(program(), argc, argv);
}
