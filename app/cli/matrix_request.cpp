#include "app/cli/matrix_request.h"

#include "app/cli/run_overrides.h"
#include "core/util/error.h"

#include <cstdio>

namespace rs::cli {

namespace {

std::vector<MatrixCell> cellsToTrain(const Args& args, bool synthetic) {
    auto cells = defaultMatrix(synthetic);
    if (auto wanted = args.get("cells")) {
        cells = chooseCells(splitList(*wanted));
    } else if (synthetic && cells.size() < defaultMatrix().size()) {
        std::printf("note: the within-genre cells (C3, C4) need prepared corpora and are left out "
                    "with --synthetic\n");
    }
    for (const auto& c : cells) {
        if (synthetic && c.needsPreparedData()) {
            throw UserError("cell " + c.cell + " trains on '" + key(c.applied().data.variant) +
                            "', which only prepared corpora have; drop --synthetic or the cell");
        }
    }
    return cells;
}

} // namespace

std::vector<OptionSpec> matrixRequestOptions() {
    std::vector<OptionSpec> options = {
        choiceOption("preset", "the model preset (default: quick)", presetNames()),
        valueOption("cells", "LIST",
                    "the cells to train, e.g. A1,A2,B1-wd0 (default: the "
                    "cells listed below as trained by default)"),
        valueOption("seeds", "N",
                    "seeds per cell (default 4: the fewest with which the "
                    "permutation test can reach p < 0.05)"),
        valueOption("first-seed", "N", "the first seed (default 0)"),
        flagOption("synthetic", "train on the seeded synthetic language (offline; without the "
                                "cells that need prepared corpora)")};
    for (auto& o : runOverrideOptions()) {
        options.push_back(o);
    }
    return options;
}

MatrixRequest readMatrixRequest(const Args& args) {
    MatrixRequest r;
    r.preset = args.get("preset", "quick");
    r.base = loadPreset(r.preset);
    applyOverrides(r.base, args);
    r.synthetic = args.flag("synthetic");
    r.cells = cellsToTrain(args, r.synthetic);
    const long long seeds = args.getInt("seeds", kDefaultSeeds);
    const long long first_seed = args.getInt("first-seed", 0);
    if (seeds < 1 || seeds > 10000) {
        throw UserError("--seeds must be between 1 and 10000");
    }
    if (first_seed < 0) {
        throw UserError("--first-seed must not be negative");
    }
    r.seeds = int(seeds);
    r.first_seed = uint64_t(first_seed);
    return r;
}

} // namespace rs::cli
