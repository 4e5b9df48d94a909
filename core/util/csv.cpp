#include "core/util/csv.h"
#include "core/util/error.h"

namespace rs {

std::string csvField(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(field);
    }
    std::string q = "\"";
    for (char c : field) {
        if (c == '"') {
            q += '"';
        }
        q += c;
    }
    q += '"';
    return q;
}

std::string csvRow(const std::vector<std::string>& fields) {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) {
            line += ',';
        }
        line += csvField(fields[i]);
    }
    line += '\n';
    return line;
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text, const std::string& source) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    size_t line = 1, quote_line = 0;
    auto endRow = [&] {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
        row.clear();
        field.clear();
        any = false;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        line += c == '\n' ? 1 : 0;
        if (quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                quoted = false;
            }
            continue;
        }
        any = true;
        if (c == '"') {
            quoted = true;
            quote_line = line;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            if (!field.empty() && field.back() == '\r') {
                field.pop_back();
            }
            endRow();
        } else {
            field += c;
        }
    }
    if (quoted) {
        throw UserError(source + ": the quote opened on line " + std::to_string(quote_line) +
                        " is never closed; the file is truncated or not CSV");
    }
    if (any) {
        endRow();
    }
    return rows;
}

} // namespace rs
