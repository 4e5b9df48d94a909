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
            throw UserError("cell " + c.cell + " trains on '" + c.data +
                            "', which only prepared corpora have; drop --synthetic or the cell");
        }
    }
    return cells;
}

} // namespace

std::vector<std::string> matrixRequestKeys(std::vector<std::string> more) {
    more.insert(more.end(), {"preset", "cells", "seeds", "first-seed"});
    return withOverrides(std::move(more));
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
