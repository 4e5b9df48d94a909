#pragma once

#include <string>
#include <vector>

namespace rs {

// Markup stripping: each returns running prose as paragraphs (whitespace collapsed), with code
// and literal blocks dropped. Headings, tables and short fragments are removed later by
// keepParagraph().
std::vector<std::string> paragraphsFromHtml(const std::string& html);
std::vector<std::string> paragraphsFromRst(const std::string& rst);
std::vector<std::string> paragraphsFromPod(const std::string& pod);
std::vector<std::string> paragraphsFromOsis(const std::string& osis);  // SWORD OSIS markup
std::vector<std::string> paragraphsFromPlain(const std::string& text); // blank-line separated

std::string collapseWhitespace(const std::string& s);
std::string decodeHtmlEntities(const std::string& s);
size_t countWords(const std::string& s);

// Running prose? Drops short unterminated fragments (headings, captions, list stubs), lines
// that are mostly symbols (code, tables) and text without lowercase letters.
bool keepParagraph(const std::string& p);

} // namespace rs
