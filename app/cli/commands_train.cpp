#include "app/cli/args.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "app/cli/run_overrides.h"
#include "core/config/run_config.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <cstdio>

namespace rs::cli {

namespace {

// --config or --preset, then --cell's factors and --seed, then the run options.
RunConfig trainConfig(const Args& args) {
    RunConfig cfg;
    if (auto path = args.get("config")) {
        cfg = RunConfig::fromFile(*path);
    } else if (auto preset = args.get("preset")) {
        cfg = loadPreset(*preset);
    } else {
        throw UsageError("give --config FILE or --preset NAME");
    }
    if (auto cell = args.get("cell")) {
        cfg = applyCell(cfg, chooseCells({*cell}).front(), cfg.seed);
    }
    cfg.seed = uint64_t(args.getInt("seed", (long long)cfg.seed));
    applyOverrides(cfg, args);
    cfg.validate();
    return cfg;
}

int cmdTrain(const Args& args) {
    const RunConfig cfg = trainConfig(args);
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

int cmdPreset(const Args& args) {
    std::printf("%s\n", loadPreset(args.required("NAME")).toJson().dump(2).c_str());
    return 0;
}

std::vector<std::string> cellNames() {
    std::vector<std::string> names;
    for (const auto& c : matrixCells()) {
        names.push_back(c.cell);
    }
    return names;
}

} // namespace

CommandSpec trainCommand() {
    CommandSpec c;
    c.name = "train";
    c.summary = "train one run from a config file (or a preset) into a run directory";
    c.options = {valueOption("config", "FILE", "the run's config (JSON, as `preset` prints it)"),
                 choiceOption("preset", "a preset instead of --config", presetNames()),
                 requiredOption("out", "DIR", "the run folder"),
                 choiceOption("cell",
                              "train this cell of the run matrix: its QK-Norm, optimizer, data "
                              "and weight decay replace the config's",
                              cellNames()),
                 valueOption("seed", "N", "the run's seed (default: the config's)"),
                 flagOption("no-resume", "start over instead of resuming what DIR holds"),
                 flagOption("force", "DIR holds another run: move its files aside first")};
    for (auto& o : runOverrideOptions()) {
        c.options.push_back(o);
    }
    c.details = "Trains one run into DIR (run.json, status.json, metrics.jsonl, train.log,\n"
                "checkpoints/). An existing DIR with the same config is resumed; --no-resume\n"
                "starts it over. A DIR holding another run is refused; --force moves that\n"
                "run's files into DIR.replaced-<time> first (nothing is deleted).";
    c.run = cmdTrain;
    return c;
}

CommandSpec presetCommand() {
    CommandSpec c;
    c.name = "preset";
    c.summary = "print a preset's full config as JSON (a starting point for --config)";
    auto name = positionalArgument("NAME", "the preset");
    name.choices = presetNames();
    c.options = {name};
    c.run = cmdPreset;
    return c;
}

} // namespace rs::cli
