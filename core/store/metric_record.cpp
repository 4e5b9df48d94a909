#include "core/store/metric_record.h"

#include "core/store/probe_record.h"
#include "core/util/error.h"

namespace rs {

namespace {

template <class... F> struct Overload : F... { using F::operator()...; };
template <class... F> Overload(F...) -> Overload<F...>;

Json stepJson(const char* kind, int64_t step, int64_t tokens) {
    return {{"kind", kind}, {"step", step}, {"tokens", tokens}};
}

int64_t integer(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

} // namespace

const char* kindOf(const MetricRecord& r) {
    return std::visit(Overload{[](const TrainRecord&) { return "train"; },
                               [](const CheckpointRecord&) { return "checkpoint"; },
                               [](const ProbeRecord&) { return "probe"; },
                               [](const ThreadsRecord&) { return "threads"; },
                               [](const ResumeRecord&) { return "resume"; },
                               [](const DivergedRecord&) { return "diverged"; },
                               [](const EndRecord&) { return "end"; }},
                      r);
}

Json toJson(const MetricRecord& record) {
    const char* kind = kindOf(record);
    return std::visit(
        Overload{[&](const TrainRecord& r) {
                     Json j = stepJson(kind, r.step, r.tokens);
                     j.update({{"loss", jsonNumber(r.loss)},
                               {"tokens_per_s", r.tokens_per_s},
                               {"threads", r.threads}});
                     return j;
                 },
                 [&](const CheckpointRecord& r) {
                     Json j = stepJson(kind, r.step, r.tokens);
                     j["val_loss"] = jsonNumber(r.val_loss);
                     if (r.train_loss) {
                         j["train_loss"] = jsonNumber(*r.train_loss);
                     }
                     return j;
                 },
                 [&](const ProbeRecord& r) {
                     return Json{{"kind", kind},
                                 {"tokens", r.tokens},
                                 {"valid", r.valid},
                                 {"mean_pr", r.mean_pr},
                                 {"seconds", r.seconds}};
                 },
                 [&](const ThreadsRecord& r) {
                     Json j = stepJson(kind, r.step, r.tokens);
                     j.update({{"from", r.from}, {"to", r.to}, {"reason", r.reason}});
                     return j;
                 },
                 [&](const ResumeRecord& r) { return stepJson(kind, r.step, r.tokens); },
                 [&](const DivergedRecord& r) { return stepJson(kind, r.step, r.tokens); },
                 [&](const EndRecord& r) {
                     return Json{{"kind", kind},
                                 {"state", r.state},
                                 {"steps", r.steps},
                                 {"wall_s", r.wall_s}};
                 }},
        record);
}

namespace {

std::optional<MetricRecord> recordFromJson(const Json& j) {
    const auto kind = j.value("kind", std::string());
    const int64_t step = integer(j, "step"), tokens = integer(j, "tokens");
    if (kind == "train") {
        return TrainRecord{step, tokens, jsonToNumber(j.value("loss", Json())),
                           j.value("tokens_per_s", 0.0), integerOr(j, "threads", 0)};
    }
    if (kind == "checkpoint") {
        CheckpointRecord r{step, tokens, jsonToNumber(j.value("val_loss", Json())), std::nullopt};
        if (j.contains("train_loss")) {
            r.train_loss = jsonToNumber(j["train_loss"]);
        }
        return r;
    }
    if (kind == "probe") {
        return ProbeRecord{tokens, j.value("valid", true), j.value("mean_pr", Json()),
                           j.value("seconds", 0.0)};
    }
    if (kind == "threads") {
        return ThreadsRecord{step, tokens, integerOr(j, "from", 0), integerOr(j, "to", 0),
                             j.value("reason", std::string())};
    }
    if (kind == "resume") {
        return ResumeRecord{step, tokens};
    }
    if (kind == "diverged") {
        return DivergedRecord{step, tokens};
    }
    if (kind == "end") {
        return EndRecord{j.value("state", std::string()), integer(j, "steps"),
                         j.value("wall_s", 0.0)};
    }
    return std::nullopt;
}

} // namespace

std::optional<MetricRecord> metricRecordFromJson(const Json& j) {
    try {
        return recordFromJson(j);
    } catch (const nlohmann::json::exception& e) {
        throw UserError(std::string("a record with a field of the wrong type (") + e.what() + ")");
    }
}

} // namespace rs
