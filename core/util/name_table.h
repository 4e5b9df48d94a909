#pragma once

#include <optional>
#include <string>

namespace rs {

// Lookups in a table of {value, key, ...} rows: the one place an enum meets its names.
template <typename Table, typename V> const char* keyIn(const Table& table, V value) {
    for (const auto& row : table) {
        if (row.value == value) {
            return row.key;
        }
    }
    return "?";
}

template <typename V, typename Table>
std::optional<V> valueIn(const Table& table, const std::string& key) {
    for (const auto& row : table) {
        if (key == row.key) {
            return row.value;
        }
    }
    return std::nullopt;
}

// "a, b, c": every key of the table, for messages that list the choices.
template <typename Table> std::string keysOf(const Table& table) {
    std::string out;
    for (const auto& row : table) {
        out += (out.empty() ? "" : ", ") + std::string(row.key);
    }
    return out;
}

} // namespace rs
