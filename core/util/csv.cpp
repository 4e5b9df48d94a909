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

namespace {

// Reads a quoted field's content from text[i] (just after its opening quote) up to the closing
// quote, undoubling quotes. Returns the index of the closing quote, or npos when there is none.
size_t readQuoted(std::string_view text, size_t i, std::string& field) {
    for (; i < text.size(); ++i) {
        if (text[i] != '"') {
            field += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
        } else {
            return i;
        }
    }
    return std::string_view::npos;
}

size_t countLines(std::string_view text, size_t from, size_t to) {
    size_t n = 0;
    for (size_t i = from; i < to && i < text.size(); ++i) {
        n += text[i] == '\n' ? 1 : 0;
    }
    return n;
}

} // namespace

std::vector<std::vector<std::string>> parseCsv(std::string_view text, const std::string& source) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool open_row = false; // something read since the last line end
    size_t line = 1;
    auto endField = [&] {
        row.push_back(std::move(field));
        field.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        open_row = true;
        if (c == '"') {
            const size_t close = readQuoted(text, i + 1, field);
            if (close == std::string_view::npos) {
                throw UserError(source + ": the quote opened on line " + std::to_string(line) +
                                " is never closed; the file is truncated or not CSV");
            }
            line += countLines(text, i, close);
            i = close;
        } else if (c == ',') {
            endField();
        } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            i += c == '\r' ? 1 : 0; // CRLF ends a line too; a CR inside quotes is data
            endField();
            rows.push_back(std::move(row));
            row.clear();
            open_row = false;
            ++line;
        } else {
            field += c;
        }
    }
    if (open_row) {
        endField();
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace rs
