#pragma once

#include <string>
#include <vector>

namespace rs::cli {

class Args;

// One option of a command, as data: the parser, --help, the man page and the bash completion
// are all made from it, so they cannot disagree.
struct OptionSpec {
    std::string name;  // without dashes: "out" is --out; a positional argument's name
    std::string value; // the value's name in --help ("DIR"); empty: a flag
    std::string help;
    std::string group; // a heading in --help ("Run options"); empty: "Options"
    bool required = false;
    bool repeatable = false; // every value is kept (Args::all); otherwise the last one wins
    bool positional = false;
    std::vector<std::string> choices; // the values completion offers; empty: free text
    bool isFlag() const { return value.empty() && !positional; }
};

OptionSpec valueOption(std::string name, std::string value, std::string help);
OptionSpec flagOption(std::string name, std::string help);
OptionSpec requiredOption(std::string name, std::string value, std::string help);
OptionSpec repeatableOption(std::string name, std::string value, std::string help);
OptionSpec positionalArgument(std::string name, std::string help);
OptionSpec choiceOption(std::string name, std::string help, std::vector<std::string> choices);
// Every key of a name table ({value, key} rows, core/util/name_table.h): an option's choices.
template <typename Table> std::vector<std::string> keyList(const Table& table) {
    std::vector<std::string> out;
    for (const auto& row : table) {
        out.emplace_back(row.key);
    }
    return out;
}
// `options` with `group` set on each.
std::vector<OptionSpec> inGroup(std::vector<OptionSpec> options, const std::string& group);

using RunCommand = int (*)(const Args&);

// A command: `train`, or one with subcommands of its own (`data prepare`, `slurm submit`).
struct CommandSpec {
    std::string name;
    std::string summary; // one line, in the command list
    std::string details; // paragraphs after the options in --help and the man page
    std::vector<OptionSpec> options;
    std::vector<CommandSpec> subcommands;
    RunCommand run = nullptr; // nullptr for a command with subcommands, or one this build lacks
    std::string missing;      // why `run` is nullptr in this build (a command needing Qt)
};

// The whole program: what --help, --version, the man page and the completion describe.
struct ProgramSpec {
    std::string name, version, summary;
    std::string details; // after the command list: exit status, environment
    std::vector<CommandSpec> commands;
};

} // namespace rs::cli
