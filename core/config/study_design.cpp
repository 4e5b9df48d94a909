#include "core/config/study_design.h"

#include "core/config/run_config.h"

#include <set>

namespace rs {

namespace {

TapDecomposition decompositionFromJson(const Json& j) {
    TapDecomposition d;
    JsonFields f(j, "study.comparisons.decomposition.");
    std::vector<std::string> taps;
    f.get("taps", taps);
    for (const auto& t : taps) {
        const auto tap = tapFromKey(t);
        if (!tap) {
            throw ConfigError("study.comparisons.decomposition.taps",
                              "\"" + t + "\" is not a tap (pre, gainless, normed, rope)");
        }
        d.taps.push_back(*tap);
    }
    f.get("equivalence_margin", d.margin);
    f.get("similar", d.similar);
    f.get("control", d.control);
    f.get("control_of", d.control_of);
    f.finish();
    if (d.taps.empty() || d.similar.empty() || !(d.margin > 0 && d.margin < 1)) {
        throw ConfigError("study.comparisons.decomposition",
                          "needs taps, a 'similar' sentence and an equivalence_margin in (0, 1) "
                          "(a fraction of |mean of b|)");
    }
    return d;
}

void extrasFromJson(JsonFields& f, ComparisonDesign& c) {
    if (const Json* dj = f.sub("decomposition")) {
        c.decomposition = decompositionFromJson(*dj);
    }
    if (const Json* cs = f.sub("controls")) {
        for (const auto& cj : *cs) {
            JsonFields fc(cj, "study.comparisons.controls.");
            ControlDesign cd;
            fc.get("cell", cd.cell);
            fc.get("removes", cd.removes);
            fc.finish();
            c.controls.push_back(cd);
        }
    }
    if (const Json* sj = f.sub("sensitivity")) {
        JsonFields fs(*sj, "study.comparisons.sensitivity.");
        fs.get("cells", c.sensitivity_cells);
        fs.get("of", c.sensitivity_of);
        fs.finish();
    }
}

ComparisonDesign comparisonFromJson(const Json& j) {
    ComparisonDesign c;
    JsonFields f(j, "study.comparisons.");
    f.get("id", c.id);
    f.get("name", c.name);
    f.get("question", c.question);
    f.get("a", c.a);
    f.get("b", c.b);
    f.get("lower", c.lower);
    f.get("higher", c.higher);
    if (const Json* in = f.sub("interaction")) {
        JsonFields fi(*in, "study.comparisons.interaction.");
        fi.get("cells", c.interaction_cells);
        fi.get("of", c.interaction_of);
        fi.finish();
        if (c.interaction_cells.size() != 4) {
            throw ConfigError("study.comparisons.interaction.cells",
                              "needs four cells (c0, c1, c2, c3 for (c0 − c1) − (c2 − c3))");
        }
    }
    if (const Json* ag = f.sub("agreement")) {
        JsonFields fa(*ag, "study.comparisons.agreement.");
        fa.get("with", c.agrees_with);
        fa.get("both", c.agreement_both);
        fa.get("otherwise", c.agreement_otherwise);
        fa.finish();
    }
    extrasFromJson(f, c);
    f.finish();
    if (c.id.empty() || c.a.empty() || c.b.empty() || c.lower.empty() || c.higher.empty()) {
        throw ConfigError("study.comparisons", "each comparison needs id, a, b, lower and higher");
    }
    if (c.name.empty()) {
        c.name = c.id;
    }
    return c;
}

// Every cell the design names must be a cell of the matrix.
void checkCells(const StudyDesign& d) {
    std::set<std::string> known;
    for (const auto& c : matrixCells()) {
        known.insert(c.cell);
    }
    auto check = [&](const std::string& field, const std::string& cell) {
        if (!known.count(cell)) {
            throw ConfigError(field, "names cell '" + cell + "', which the matrix does not have");
        }
    };
    for (const auto& c : d.comparisons) {
        check("study.comparisons." + c.id, c.a);
        check("study.comparisons." + c.id, c.b);
        for (const auto& cell : c.interaction_cells) {
            check("study.comparisons." + c.id + ".interaction", cell);
        }
        if (c.decomposition && !c.decomposition->control.empty()) {
            check("study.comparisons." + c.id + ".decomposition.control", c.decomposition->control);
        }
        for (const auto& ctl : c.controls) {
            check("study.comparisons." + c.id + ".controls", ctl.cell);
        }
        for (const auto& cell : c.sensitivity_cells) {
            check("study.comparisons." + c.id + ".sensitivity", cell);
        }
        if (!c.agrees_with.empty() && !d.comparison(c.agrees_with)) {
            throw ConfigError("study.comparisons." + c.id + ".agreement.with",
                              "names comparison '" + c.agrees_with + "', which is not defined");
        }
    }
    for (const auto* list :
         {&d.trajectory_cells, &d.waterfall_cells, &d.complexity_cells, &d.surgery_cells}) {
        for (const auto& cell : *list) {
            check("study.figures", cell);
        }
    }
}

} // namespace

std::string ComparisonDesign::sentence(bool a_lower, const std::string& what) const {
    std::string s = a_lower ? lower : higher;
    const std::string mark = "{what}";
    for (auto pos = s.find(mark); pos != std::string::npos; pos = s.find(mark, pos + what.size())) {
        s.replace(pos, mark.size(), what);
    }
    return s;
}

StudyDesign StudyDesign::fromJson(const Json& study) {
    StudyDesign d;
    JsonFields f(study, "study.");
    if (const Json* cs = f.sub("comparisons")) {
        for (const auto& c : *cs) {
            d.comparisons.push_back(comparisonFromJson(c));
        }
    }
    if (const Json* figs = f.sub("figures")) {
        JsonFields ff(*figs, "study.figures.");
        ff.get("trajectory", d.trajectory_cells);
        ff.get("waterfall", d.waterfall_cells);
        ff.get("data_complexity", d.complexity_cells);
        ff.finish();
    }
    f.get("surgery", d.surgery_cells);
    f.finish();
    checkCells(d);
    return d;
}

const ComparisonDesign* StudyDesign::comparison(const std::string& id) const {
    for (const auto& c : comparisons) {
        if (c.id == id) {
            return &c;
        }
    }
    return nullptr;
}

const StudyDesign& studyDesign() {
    static const StudyDesign d =
        StudyDesign::fromJson(Json::parse(embeddedResource("matrix/default.json")).at("study"));
    return d;
}

} // namespace rs
