#pragma once

#include <string>
#include <string_view>

namespace rs {

// The one place a string is made safe for a POSIX shell: single-quoted, a quote inside written
// as '\''. Whatever the input ($(...), backticks, quotes, spaces, newlines), the shell reads it
// back as exactly one word with exactly these bytes.
std::string shellQuote(std::string_view s);

// Names RankScope puts into paths, job names and scripts (cells, run names): letters, digits,
// '_', '.', '-'; not empty, not "." or "..", not starting with '-', at most 100 characters.
bool isSafeName(std::string_view s);

} // namespace rs
