#include "app/cli/command_line.h"

#include "app/cli/args.h"
#include "app/cli/man_page.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>

namespace rs::cli {

namespace {

using Parsers = std::map<const CLI::App*, const CommandSpec*>;

void addOption(CLI::App& app, const OptionSpec& o) {
    CLI::Option* opt = nullptr;
    if (o.isFlag()) {
        const std::string help = o.help; // CLI11 2.1 takes the description by const reference
        opt = app.add_flag("--" + o.name, help);
    } else {
        opt = app.add_option(o.positional ? o.name : "--" + o.name, o.help);
        opt->type_name(o.value);
        opt->multi_option_policy(o.repeatable ? CLI::MultiOptionPolicy::TakeAll
                                              : CLI::MultiOptionPolicy::TakeLast);
    }
    opt->required(o.required);
    if (!o.group.empty()) {
        opt->group(o.group);
    }
}

void addCommand(CLI::App& parent, const CommandSpec& spec, Parsers& parsers) {
    CLI::App* app = parent.add_subcommand(spec.name, spec.summary);
    parsers[app] = &spec;
    for (const auto& o : spec.options) {
        addOption(*app, o);
    }
    for (const auto& sub : spec.subcommands) {
        addCommand(*app, sub, parsers);
    }
    if (!spec.subcommands.empty()) {
        app->require_subcommand(1);
    }
    if (!spec.missing.empty()) {
        app->allow_extras(); // whatever follows, the answer is why this build lacks it
    }
    app->footer(spec.details);
}

// The deepest command given: `data prepare`, not `data`.
const CLI::App* chosenCommand(const CLI::App& root, std::string& path) {
    const CLI::App* at = &root;
    while (!at->get_subcommands().empty()) {
        at = at->get_subcommands().front();
        path += " " + at->get_name();
    }
    return at;
}

Args parsedArgs(const CLI::App& command, const char* program) {
    std::map<std::string, std::vector<std::string>> values;
    for (const CLI::Option* o : command.get_options()) {
        if (o->count() == 0 || o->get_lnames() == std::vector<std::string>{"help"}) {
            continue;
        }
        const auto& lnames = o->get_lnames();
        values[lnames.empty() ? o->get_name() : lnames.front()] = o->results();
    }
    return Args(program, std::move(values));
}

bool knownCommand(const ProgramSpec& program, const std::string& name) {
    for (const auto& c : program.commands) {
        if (c.name == name) {
            return true;
        }
    }
    return false;
}

int runChosen(const CommandSpec& spec, const Args& args, const std::string& path) {
    try {
        if (!spec.run) {
            throw UserError(spec.missing);
        }
        return spec.run(args);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s (see %s --help)\n", path.c_str(), e.what(), path.c_str());
        return 2;
    } catch (const UserError& e) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: internal error: %s\n", path.c_str(), e.what());
        return 3;
    }
}

} // namespace

int runCommandLine(const ProgramSpec& program, int argc, char** argv) {
    CLI::App root(program.summary, program.name);
    root.set_version_flag("--version", program.name + " " + program.version);
    root.get_formatter()->label("Usage", "usage");
    root.get_formatter()->label("Subcommands", "Commands");
    root.get_formatter()->label("SUBCOMMAND", "COMMAND");
    root.get_formatter()->column_width(32);
    bool man = false;
    root.add_flag("--man-page", man, "print the man page (roff) and exit")->group("");
    Parsers parsers;
    for (const auto& c : program.commands) {
        addCommand(root, c, parsers);
    }
    root.footer(program.details); // after the commands: theirs are their own
    if (argc < 2) {
        std::fputs(root.help().c_str(), stderr);
        return 2;
    }
    if (argv[1][0] != '-' && !knownCommand(program, argv[1])) {
        std::fprintf(stderr, "%s: unknown command '%s' (see --help)\n", program.name.c_str(),
                     argv[1]);
        return 2;
    }
    try {
        root.require_subcommand(0, 1);
        root.parse(argc, argv);
        if (man) {
            std::fputs(manPage(program).c_str(), stdout);
            return 0;
        }
        if (root.get_subcommands().empty()) {
            throw CLI::RequiredError("a command");
        }
    } catch (const CLI::CallForHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return root.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string path = program.name;
        chosenCommand(root, path);
        std::fprintf(stderr, "%s: %s (see %s --help)\n", path.c_str(), e.what(), path.c_str());
        return 2;
    }
    std::string path = program.name;
    const CLI::App* chosen = chosenCommand(root, path);
    return runChosen(*parsers.at(chosen), parsedArgs(*chosen, argv[0]), path);
}

} // namespace rs::cli
