#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "app/cli/run_overrides.h"
#include "core/config/run_config.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <cstdio>

namespace rs::cli {

int cmdTrain(int argc, char** argv) {
    if (helpRequested(argc, argv, 2)) {
        std::printf(
            "usage: rankscope-cli train (--config FILE | --preset NAME) --out DIR\n"
            "                           [--cell NAME] [--seed N] [--no-resume] [--force]\n\n"
            "Trains one run into DIR (run.json, status.json, metrics.jsonl, train.log,\n"
            "checkpoints/). An existing DIR with the same config is resumed; --no-resume\n"
            "starts it over. A DIR holding another run is refused; --force moves that\n"
            "run's files into DIR.replaced-<time> first (nothing is deleted).\n\n%s",
            kOverrideHelp);
        return 0;
    }
    Args args(argc, argv, 2, withOverrides({"config", "preset", "out", "cell", "seed"}),
              {"no-resume", "force", "verbose"});
    RunConfig cfg;
    if (auto path = args.get("config")) {
        cfg = RunConfig::fromFile(*path);
    } else if (auto preset = args.get("preset")) {
        cfg = loadPreset(*preset);
    } else {
        throw UserError("give --config FILE or --preset NAME (see --help)");
    }
    cfg.cell = args.get("cell", cfg.cell);
    cfg.seed = uint64_t(args.getInt("seed", (long long)cfg.seed));
    applyOverrides(cfg, args);
    cfg.validate();
    const std::string out = args.required("out");
    ProgressBar bar(cfg.runName());
    TrainOptions opt;
    opt.observer = &bar;
    opt.cancel = &cancelFlag();
    opt.console_log = args.flag("verbose");
    opt.resume = !args.flag("no-resume");
    opt.replace_other = args.flag("force");
    auto result = Trainer(cfg, out, opt).run();
    if (!result.set_aside.empty()) {
        std::fprintf(stderr, "the folder held another run: its files were moved to %s\n",
                     result.set_aside.c_str());
    }
    return exitCode(result.state);
}

int cmdPreset(int argc, char** argv) {
    if (helpRequested(argc, argv, 2) || argc < 3) {
        std::printf("usage: rankscope-cli preset NAME   (test, quick, small, paper)\n");
        return argc < 3 ? 2 : 0;
    }
    RunConfig cfg = loadPreset(argv[2]);
    std::printf("%s\n", cfg.toJson().dump(2).c_str());
    return 0;
}

} // namespace rs::cli
