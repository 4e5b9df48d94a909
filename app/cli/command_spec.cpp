#include "app/cli/command_spec.h"

#include <utility>

namespace rs::cli {

OptionSpec valueOption(std::string name, std::string value, std::string help) {
    OptionSpec o;
    o.name = std::move(name);
    o.value = std::move(value);
    o.help = std::move(help);
    return o;
}

OptionSpec flagOption(std::string name, std::string help) {
    return valueOption(std::move(name), "", std::move(help));
}

OptionSpec requiredOption(std::string name, std::string value, std::string help) {
    auto o = valueOption(std::move(name), std::move(value), std::move(help));
    o.required = true;
    return o;
}

OptionSpec repeatableOption(std::string name, std::string value, std::string help) {
    auto o = valueOption(std::move(name), std::move(value), std::move(help));
    o.repeatable = true;
    return o;
}

OptionSpec positionalArgument(std::string name, std::string help) {
    auto o = valueOption(name, name, std::move(help));
    o.positional = true;
    o.required = true;
    return o;
}

OptionSpec choiceOption(std::string name, std::string help, std::vector<std::string> choices) {
    std::string value;
    for (const auto& c : choices) {
        if (!value.empty()) {
            value += '|';
        }
        value += c;
    }
    auto o = valueOption(std::move(name), value, std::move(help));
    o.choices = std::move(choices);
    return o;
}

std::vector<OptionSpec> inGroup(std::vector<OptionSpec> options, const std::string& group) {
    for (auto& o : options) {
        o.group = group;
    }
    return options;
}

} // namespace rs::cli
