#include "core/util/shell.h"

namespace rs {

std::string shellQuote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

bool isSafeName(std::string_view s) {
    // A leading '-' would read as an option wherever the name is an argument.
    if (s.empty() || s.size() > 100 || s == "." || s == ".." || s.front() == '-') {
        return false;
    }
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace rs
