#include "core/store/run_record.h"

namespace rs {

std::string RunRecord::device() const {
    return runtime.is_object() ? runtime.value("device", std::string()) : std::string();
}

Json RunRecord::toJson() const {
    return {{"config", config.toJson()},
            {"name", name},
            {"cell", cell},
            {"seed", seed},
            {"preset", preset},
            {"parameters", parameters},
            {"runtime", runtime},
            {"data", data},
            {"checkpoint_marks", checkpoint_marks},
            {"versions",
             {{"rankscope", rankscope_version},
              {"libtorch", libtorch_version},
              {"compiler", compiler}}},
            {"started", started},
            {"lr_note", lr_note}};
}

RunRecord RunRecord::fromJson(const Json& j) {
    if (!j.is_object() || !j.contains("config")) {
        throw UserError("run.json has no config: not a run record");
    }
    RunRecord r;
    r.config = RunConfig::fromJson(j.at("config"));
    r.name = j.value("name", r.config.runName());
    r.cell = j.value("cell", r.config.cell);
    r.seed = j.value("seed", r.config.seed);
    r.preset = j.value("preset", r.config.preset);
    r.parameters = j.value("parameters", int64_t(0));
    r.checkpoint_marks = j.value("checkpoint_marks", std::vector<int64_t>{});
    r.runtime = j.value("runtime", Json::object());
    r.data = j.value("data", Json::object());
    const Json versions = j.value("versions", Json::object());
    r.rankscope_version = versions.value("rankscope", std::string());
    r.libtorch_version = versions.value("libtorch", std::string());
    r.compiler = versions.value("compiler", std::string());
    r.started = j.value("started", std::string());
    r.lr_note = j.value("lr_note", std::string());
    return r;
}

} // namespace rs
