#include "app/cli/completion.h"

#include <sstream>

namespace rs::cli {

namespace {

// Shell-function names may not hold '-': rankscope-cli -> _rankscope_cli.
std::string functionName(const std::string& program) {
    std::string f = "_";
    for (char c : program) {
        f += (c == '-' ? '_' : c);
    }
    return f;
}

// How a value is completed: @dir, @file, @none or a word list.
std::string valueCompletion(const OptionSpec& o) {
    if (!o.choices.empty()) {
        std::string words;
        for (const auto& c : o.choices) {
            if (!words.empty()) {
                words += ' ';
            }
            words += c;
        }
        return words;
    }
    if (o.value == "DIR") {
        return "@dir";
    }
    if (o.value == "FILE" || o.value == "PATH") {
        return "@file";
    }
    return "@none";
}

struct Tables {
    std::ostringstream subs, words, values;
};

void addCommand(Tables& t, const CommandSpec& c, const std::string& parent) {
    const std::string path = parent.empty() ? c.name : parent + " " + c.name;
    std::string subs, words = "-h --help";
    for (const auto& s : c.subcommands) {
        if (!subs.empty()) {
            subs += ' ';
        }
        subs += s.name;
    }
    for (const auto& o : c.options) {
        if (o.positional) {
            if (!o.choices.empty()) {
                words += ' ';
                words += valueCompletion(o);
            }
        } else {
            words += " --";
            words += o.name;
            if (!o.isFlag()) {
                t.values << "    \"" << path << " --" << o.name << "\") echo \""
                         << valueCompletion(o) << "\" ;;\n";
            }
        }
    }
    t.subs << "    \"" << path << "\") echo \"" << subs << "\" ;;\n";
    t.words << "    \"" << path << "\") echo \"" << (subs.empty() ? words : subs + " " + words)
            << "\" ;;\n";
    for (const auto& s : c.subcommands) {
        addCommand(t, s, path);
    }
}

} // namespace

std::string bashCompletion(const ProgramSpec& p) {
    Tables t;
    std::string top;
    for (const auto& c : p.commands) {
        top += c.name + " ";
        addCommand(t, c, "");
    }
    const std::string f = functionName(p.name);
    std::ostringstream out;
    out << "# bash completion for " << p.name << " " << p.version << " (written by `" << p.name
        << " completion bash`)\n\n"
        << f << "_subs() {\n  case \"$1\" in\n    \"\") echo \"" << top << "\" ;;\n"
        << t.subs.str() << "  esac\n}\n\n"
        << f << "_words() {\n  case \"$1\" in\n    \"\") echo \"" << top
        << "-h --help --version\" ;;\n"
        << t.words.str() << "  esac\n}\n\n"
        << f << "_value() {\n  case \"$1 $2\" in\n"
        << t.values.str() << "    *) return 1 ;;\n  esac\n}\n\n"
        << f << "() {\n"
        << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
        << "  local path=\"\" how i w\n"
        << "  if [[ $prev == = ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi  # --opt=value\n"
        << "  if [[ $cur == = ]]; then cur=\"\"; fi\n"
        << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "    w=${COMP_WORDS[i]}\n"
        << "    if [[ $w != -* && \" $(" << f << "_subs \"$path\") \" == *\" $w \"* ]]; then\n"
        << "      path=${path:+$path }$w\n    fi\n  done\n"
        << "  if [[ $prev == --* ]] && how=$(" << f << "_value \"$path\" \"$prev\"); then\n"
        << "    case $how in\n"
        << "      @dir) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
        << "      @file) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
        << "      @none) COMPREPLY=() ;;\n"
        << "      *) COMPREPLY=($(compgen -W \"$how\" -- \"$cur\")) ;;\n"
        << "    esac\n    return 0\n  fi\n"
        << "  COMPREPLY=($(compgen -W \"$(" << f << "_words \"$path\")\" -- \"$cur\"))\n"
        << "}\n\ncomplete -o filenames -F " << f << " " << p.name << "\n";
    return out.str();
}

} // namespace rs::cli
