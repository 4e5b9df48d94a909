#include "core/config/run_config.h"
#include "core/util/files.h"
#include "core/util/shell.h"

#include <algorithm>
#include <map>

namespace rs {

const std::map<std::string, std::string>& embeddedResources(); // generated at build time

std::string embeddedResource(const std::string& path) {
    const auto& all = embeddedResources();
    auto it = all.find(path);
    return it == all.end() ? std::string() : it->second;
}

Json DataConfig::toJson() const {
    return Json{{"source", key(source)},
                {"variant", key(variant)},
                {"dir", dir},
                {"train_path", train_path},
                {"val_path", val_path},
                {"language_seed", language_seed},
                {"sample_fraction", sample_fraction}};
}

DataConfig DataConfig::fromJson(const Json& j) {
    DataConfig d;
    JsonFields f(j, "data.");
    getChoice(f, "source", d.source);
    getChoice(f, "variant", d.variant);
    f.get("dir", d.dir);
    f.get("train_path", d.train_path);
    f.get("val_path", d.val_path);
    f.get("language_seed", d.language_seed);
    f.get("sample_fraction", d.sample_fraction);
    f.finish();
    return d;
}

std::string RunConfig::runName() const {
    return (cell.empty() ? std::string("run") : cell) + "-s" + std::to_string(seed);
}

void RunConfig::validate() const {
    if (!cell.empty() && !isSafeName(cell)) {
        throw ConfigError("cell", "\"" + cell +
                                      "\" may only hold letters, digits, '_', '.' and '-' (it "
                                      "names the run folder and cluster jobs)");
    }
    model.validate();
    train.validate();
    if (train.seq_len > model.max_seq_len) {
        throw ConfigError("train.seq_len", "is " + std::to_string(train.seq_len) +
                                               " but model.max_seq_len is " +
                                               std::to_string(model.max_seq_len) +
                                               "; raise max_seq_len or shorten seq_len");
    }
    if (data.source == DataSource::Prepared && data.dir.empty()) {
        throw ConfigError("data.dir", "source \"prepared\" needs the data folder of "
                                      "`rankscope-cli data prepare`");
    }
    if (data.source == DataSource::Tokens && (data.train_path.empty() || data.val_path.empty())) {
        throw ConfigError("data.train_path",
                          "source \"tokens\" needs train_path and val_path (token files)");
    }
    if (!(data.sample_fraction > 0.0 && data.sample_fraction <= 1.0)) {
        throw ConfigError("data.sample_fraction",
                          "is " + std::to_string(data.sample_fraction) +
                              "; give the share of the training split each run samples, in "
                              "(0, 1] (1: the whole split)");
    }
    if (data.sample_fraction < 1.0 && data.source == DataSource::Tokens) {
        throw ConfigError("data.sample_fraction",
                          "needs document boundaries: plain token files (data.source \"tokens\") "
                          "have none; use prepared or synthetic data, or 1");
    }
    if (hasFlag(data.variant, kPreparedOnly) && data.source != DataSource::Prepared) {
        throw ConfigError("data.variant", std::string("\"") + key(data.variant) +
                                              "\" exists only in prepared corpora (data.source "
                                              "\"prepared\"); the synthetic language has "
                                              "standard, simple and complex");
    }
}

Json RunConfig::toJson() const {
    return Json{{"preset", preset},
                {"cell", cell},
                {"seed", seed},
                {"model", model.toJson()},
                {"train", train.toJson()},
                {"data", data.toJson()}};
}

RunConfig RunConfig::fromJson(const Json& j) {
    RunConfig c;
    JsonFields f(j, "");
    f.get("preset", c.preset);
    f.get("cell", c.cell);
    f.get("seed", c.seed);
    if (const Json* m = f.sub("model")) {
        c.model = ModelConfig::fromJson(*m);
    }
    if (const Json* t = f.sub("train")) {
        c.train = TrainConfig::fromJson(*t);
    }
    if (const Json* d = f.sub("data")) {
        c.data = DataConfig::fromJson(*d);
    }
    f.finish();
    return c;
}

RunConfig RunConfig::fromFile(const std::string& path) {
    Json j;
    try {
        j = Json::parse(readFile(path));
    } catch (const nlohmann::json::exception& e) { // syntax, or a number out of range (1e999)
        throw UserError("config file '" + path + "' is not valid JSON: " + e.what());
    }
    return fromJson(j);
}

std::vector<std::string> presetNames() {
    return {"test", "quick", "small", "paper"};
}

RunConfig loadPreset(const std::string& name) {
    std::string text = embeddedResource("presets/" + name + ".json");
    if (text.empty()) {
        std::string known;
        for (const auto& n : presetNames()) {
            known += (known.empty() ? "" : ", ") + n;
        }
        throw UserError("unknown preset '" + name + "'; choose one of: " + known);
    }
    Json j = Json::parse(text);
    j.erase("description");
    RunConfig c = RunConfig::fromJson(j);
    c.preset = name;
    return c;
}

RunConfig MatrixCell::applied() const {
    RunConfig c;
    c.data.source = DataSource::Prepared; // where every data variant exists
    return applyCell(c, *this, 0);
}

bool MatrixCell::needsPreparedData() const {
    return hasFlag(applied().data.variant, kPreparedOnly);
}

namespace {

// The value at a dotted path of a configuration's JSON ("train.adamw.lr"); nullptr when the
// path names no field, or a group of fields rather than one.
Json* configField(Json& j, const std::string& path) {
    Json* at = &j;
    size_t from = 0;
    while (true) {
        const size_t dot = path.find('.', from);
        const std::string part = path.substr(from, dot == std::string::npos ? dot : dot - from);
        if (!at->is_object() || !at->contains(part)) {
            return nullptr;
        }
        at = &(*at)[part];
        if (dot == std::string::npos) {
            return at->is_object() ? nullptr : at;
        }
        from = dot + 1;
    }
}

std::vector<MatrixCell> parseMatrixCells() {
    Json j = Json::parse(embeddedResource("matrix/default.json"));
    std::vector<MatrixCell> cells;
    for (const auto& e : j.at("cells")) {
        MatrixCell c;
        JsonFields f(e, "matrix.");
        f.get("cell", c.cell);
        f.get("label", c.label);
        f.get("color", c.color);
        f.get("default", c.in_default);
        f.get("description", c.description);
        for (const auto& [k, v] : e.items()) {
            if (k.find('.') != std::string::npos) { // a configuration field by its path
                f.get(k, c.settings[k]);
            }
        }
        f.finish();
        c.applied(); // an unknown path or a wrongly typed value fails here, naming it
        cells.push_back(c);
    }
    return cells;
}

} // namespace

// The file is embedded, so it is parsed once: figures look cells up on every redraw.
std::vector<MatrixCell> matrixCells() {
    static const std::vector<MatrixCell> cells = parseMatrixCells();
    return cells;
}

std::optional<MatrixCell> matrixCell(const std::string& name) {
    for (const auto& c : matrixCells()) {
        if (c.cell == name) {
            return c;
        }
    }
    return std::nullopt;
}

std::vector<MatrixCell> defaultMatrix(bool synthetic) {
    std::vector<MatrixCell> cells;
    for (const auto& c : matrixCells()) {
        if (c.in_default && !(synthetic && c.needsPreparedData())) {
            cells.push_back(c);
        }
    }
    return cells;
}

std::vector<MatrixCell> chooseCells(const std::vector<std::string>& names) {
    const auto all = matrixCells();
    std::vector<MatrixCell> chosen;
    for (const auto& name : names) {
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const MatrixCell& c) { return c.cell == name; });
        if (it == all.end()) {
            std::string known;
            for (const auto& c : all) {
                known += (known.empty() ? "" : ",") + c.cell;
            }
            throw UserError("unknown cell '" + name + "'; the matrix has " + known);
        }
        chosen.push_back(*it);
    }
    return chosen;
}

std::vector<RunConfig> expandMatrix(const RunConfig& base, const std::vector<MatrixCell>& cells,
                                    int seeds, uint64_t first_seed) {
    std::vector<RunConfig> runs;
    for (const auto& cell : cells) {
        for (int s = 0; s < seeds; ++s) {
            runs.push_back(applyCell(base, cell, first_seed + uint64_t(s)));
            runs.back().validate();
        }
    }
    return runs;
}

RunConfig applyCell(RunConfig base, const MatrixCell& cell, uint64_t seed) {
    if (!cell.settings.empty()) {
        Json j = base.toJson();
        for (const auto& [path, value] : cell.settings.items()) {
            Json* field = configField(j, path);
            if (field == nullptr) {
                throw ConfigError("matrix." + cell.cell + "." + path,
                                  "is not a field of a run configuration; name one by its path, "
                                  "e.g. \"train.adamw.lr\" or \"model.qk_norm\"");
            }
            *field = value;
        }
        base = RunConfig::fromJson(j); // strict: a wrongly typed value names its field
    }
    base.cell = cell.cell;
    base.seed = seed;
    return base;
}

} // namespace rs
