#include "cli/commands.h"
#include "util/error.h"
#include "util/memory_reuse.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char* kUsage = R"(rankscope-cli - train and measure the RankScope run matrix headless

usage: rankscope-cli COMMAND [options]     (rankscope-cli COMMAND --help for its options)

commands:
  train    train one run from a config file (or a preset) into a run directory
  matrix   train the factorial run matrix (A1..C2) of a preset
  probe    re-measure stored checkpoints (spectra of Q/K at every layer, head and tap)
  surgery  prune key dimensions (gamma / SVD / random) and measure the held-out loss
  export   every scalar metric of a run or experiment as long-format CSV
  bench    training throughput (tokens/s), C++ against the PyTorch eager reference
  data     prepare the corpora (fetch, clean, score, split, tokenize) and print their stats
  preset   print a preset's full config as JSON (a starting point for --config)
  figures  the study figures of an experiment as PNG, SVG and CSV (builds with the GUI)
  report   statistics over seeds, phase transitions, gamma as a proxy: report.html/.md
)";

} // namespace

int main(int argc, char** argv) {
    rs::keepFreedMemoryForReuse(); // before LibTorch allocates: see util/memory_reuse.h
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    try {
        rs::cli::installCancelHandler();
        if (cmd == "train") {
            return rs::cli::cmdTrain(argc, argv);
        }
        if (cmd == "matrix") {
            return rs::cli::cmdMatrix(argc, argv);
        }
        if (cmd == "bench") {
            return rs::cli::cmdBench(argc, argv);
        }
        if (cmd == "surgery") {
            return rs::cli::cmdSurgery(argc, argv);
        }
        if (cmd == "probe") {
            return rs::cli::cmdProbe(argc, argv);
        }
        if (cmd == "export") {
            return rs::cli::cmdExport(argc, argv);
        }
        if (cmd == "data") {
            return rs::cli::cmdData(argc, argv);
        }
        if (cmd == "preset") {
            return rs::cli::cmdPreset(argc, argv);
        }
        if (cmd == "figures" || cmd == "report") {
#ifdef RANKSCOPE_HAVE_FIGURES
            return cmd == "figures" ? rs::cli::cmdFigures(argc, argv)
                                    : rs::cli::cmdReport(argc, argv);
#else
            throw rs::UserError("this build has no Qt: configure with -DRANKSCOPE_WITH_GUI=ON "
                                "(needs Qt 6) or run `" +
                                cmd + "` where the GUI is built");
#endif
        }
        std::fprintf(stderr, "rankscope-cli: unknown command '%s' (see --help)\n", cmd.c_str());
        return 2;
    } catch (const rs::UserError& e) {
        std::fprintf(stderr, "rankscope-cli %s: %s\n", cmd.c_str(), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "rankscope-cli %s: internal error: %s\n", cmd.c_str(), e.what());
        return 3;
    }
}
