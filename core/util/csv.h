#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rs {

// The one CSV dialect of every file RankScope writes and reads (RFC 4180): comma-separated,
// LF line ends; a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled.
std::string csvField(std::string_view field);
// One line: the fields, escaped, joined by commas, with the newline.
std::string csvRow(const std::vector<std::string>& fields);

// Rows of a CSV text. A quoted field may hold commas, doubled quotes and newlines. A last line
// without its newline is a row too (the caller decides whether a short row is whole). Throws
// UserError naming `source` and the line when a quote is not closed.
std::vector<std::vector<std::string>> parseCsv(std::string_view text,
                                               const std::string& source = "CSV");

} // namespace rs
