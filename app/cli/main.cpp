#include "app/cli/commands.h"
#include "core/util/error.h"
#include "core/util/memory_reuse.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

using Run = int (*)(int, char**);

// The commands, once: dispatch and the usage text both come from here.
struct Command {
    const char* name;
    Run run; // nullptr: needs the GUI build
    const char* summary;
};

#ifdef RANKSCOPE_HAVE_FIGURES
constexpr Run kFigures = rs::cli::cmdFigures;
constexpr Run kReport = rs::cli::cmdReport;
#else
constexpr Run kFigures = nullptr;
constexpr Run kReport = nullptr;
#endif

const Command kCommands[] = {
    {"train", rs::cli::cmdTrain,
     "train one run from a config file (or a preset) into a run directory"},
    {"matrix", rs::cli::cmdMatrix, "train the factorial run matrix (A1..C4) of a preset"},
    {"slurm", rs::cli::cmdSlurm,
     "submit the run matrix to a Slurm cluster as a job array; its status; cancel it"},
    {"run-task", rs::cli::cmdRunTask,
     "train one entry of an experiment plan (what each Slurm array task runs)"},
    {"probe", rs::cli::cmdProbe,
     "re-measure stored checkpoints (spectra of Q/K at every layer, head and tap)"},
    {"surgery", rs::cli::cmdSurgery,
     "prune key dimensions (gamma / SVD / random) and measure the held-out loss"},
    {"export", rs::cli::cmdExport, "every scalar metric of a run or experiment as long-format CSV"},
    {"bench", rs::cli::cmdBench,
     "training throughput (tokens/s), C++ against the PyTorch eager reference"},
    {"data", rs::cli::cmdData,
     "prepare the corpora (fetch, clean, score, split, tokenize) and print their stats"},
    {"preset", rs::cli::cmdPreset,
     "print a preset's full config as JSON (a starting point for "
     "--config)"},
    {"figures", kFigures,
     "the study figures of an experiment as PNG, SVG and CSV (builds with the GUI)"},
    {"report", kReport,
     "statistics over seeds, phase transitions, gamma as a proxy: report.html/.md"},
};

void printUsage(std::FILE* to) {
    std::fputs("rankscope-cli - train and measure the RankScope run matrix headless\n\n"
               "usage: rankscope-cli COMMAND [options]     (rankscope-cli COMMAND --help for its "
               "options)\n\ncommands:\n",
               to);
    for (const auto& c : kCommands) {
        std::fprintf(to, "  %-8s %s\n", c.name, c.summary);
    }
}

const Command* findCommand(const std::string& name) {
    for (const auto& c : kCommands) {
        if (name == c.name) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

int main(int argc, char** argv) {
    rs::keepFreedMemoryForReuse(); // before LibTorch allocates: see util/memory_reuse.h
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    const Command* command = findCommand(cmd);
    if (!command) {
        std::fprintf(stderr, "rankscope-cli: unknown command '%s' (see --help)\n", cmd.c_str());
        return 2;
    }
    try {
        if (!command->run) {
            throw rs::UserError("this build has no Qt: configure with -DRANKSCOPE_WITH_GUI=ON "
                                "(needs Qt 6) or run `" +
                                cmd + "` where the GUI is built");
        }
        return command->run(argc, argv);
    } catch (const rs::UserError& e) {
        std::fprintf(stderr, "rankscope-cli %s: %s\n", cmd.c_str(), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "rankscope-cli %s: internal error: %s\n", cmd.c_str(), e.what());
        return 3;
    }
}
