#include "app/cli/man_page.h"

#include <cctype>
#include <sstream>

namespace rs::cli {

namespace {

// Text safe in roff: backslashes written as \e, dashes as \-, no line starting a request.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) {
            out += "\\&";
        }
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
        line_start = c == '\n';
    }
    return out;
}

std::string optionTerm(const OptionSpec& o) {
    if (o.positional) {
        return "\\fI" + roff(o.value) + "\\fR";
    }
    std::string term = "\\fB\\-\\-" + roff(o.name) + "\\fR";
    if (!o.isFlag()) {
        term += " \\fI" + roff(o.value) + "\\fR";
    }
    return term;
}

void writeCommand(std::ostringstream& out, const std::string& program, const CommandSpec& c,
                  const std::string& parent) {
    const std::string path = parent.empty() ? c.name : parent + " " + c.name;
    out << ".SS \"" << roff(program + " " + path) << "\"\n" << roff(c.summary) << ".\n";
    for (const auto& o : c.options) {
        out << ".TP\n"
            << optionTerm(o) << (o.repeatable ? " ..." : "") << "\n"
            << roff(o.help) << (o.required ? " (required)" : "") << "\n";
    }
    if (!c.details.empty()) {
        out << ".PP\n.nf\n" << roff(c.details) << "\n.fi\n";
    }
    for (const auto& sub : c.subcommands) {
        writeCommand(out, program, sub, path);
    }
}

std::string upper(std::string s) {
    for (auto& c : s) {
        c = char(std::toupper((unsigned char)c));
    }
    return s;
}

} // namespace

std::string manPage(const ProgramSpec& p) {
    std::ostringstream out;
    out << ".TH " << upper(p.name) << " 1 \"\" \"" << p.name << " " << p.version
        << "\" \"User Commands\"\n"
        << ".SH NAME\n"
        << roff(p.name) << " \\- " << roff(p.summary) << "\n"
        << ".SH SYNOPSIS\n.B " << roff(p.name) << "\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n.B "
        << roff(p.name) << "\n\\fICOMMAND\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n"
        << ".SH DESCRIPTION\nEvery option is written \\fB\\-\\-name value\\fR or "
           "\\fB\\-\\-name=value\\fR; \\fB\\-h\\fR or \\fB\\-\\-help\\fR after a command prints "
           "its options.\n"
        << ".SH COMMANDS\n";
    for (const auto& c : p.commands) {
        writeCommand(out, p.name, c, "");
    }
    out << ".SH \"EXIT STATUS AND ENVIRONMENT\"\n.nf\n"
        << roff(p.details) << "\n.fi\n"
        << ".SH \"SEE ALSO\"\n\\fBrankscope\\fR(1)\n";
    return out.str();
}

} // namespace rs::cli
