#pragma once

#include <QString>

#include <string>

namespace rsui {

// Words of the matrix file (cell labels and descriptions) in the UI's language. The file is
// data, so its English is the key; matrix_text.cpp lists it for the translators, and a string
// not listed there shows in English.
QString matrixText(const std::string& english);

} // namespace rsui
