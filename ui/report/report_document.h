#pragma once

#include <string>
#include <vector>

namespace rsui {

// The report as a document, built once and written by two renderers (Markdown and HTML), so
// the two files cannot say different things.

// One table, also written on its own as CSV and as a Markdown table.
struct ReportTable {
    std::string name, title; // file stem under tables/, heading
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    int figure_column = -1; // its cells are figure ids: linked to the figure in the report

    std::string csv() const;
    std::string markdown() const;
};

// A run of text, shown as code (a path, a hash) or as plain words.
struct Span {
    std::string text;
    bool code = false;
};
using Inline = std::vector<Span>;

struct ReportBlock {
    enum class Kind { Heading, Paragraph, List, Table, Figure };
    Kind kind = Kind::Paragraph;
    int level = 2;             // Heading: 1..3
    Inline text;               // Heading, Paragraph
    std::vector<Inline> items; // List
    std::string css_class;     // List (HTML only): "prov" sets provenance small
    ReportTable table;         // Table: with a link to tables/<name>.csv
    std::string figure_id;     // Figure: figures/<id>.png, .svg and .csv
    std::string caption;       // Figure
};

class ReportDocument {
  public:
    ReportDocument& heading(int level, std::string text);
    ReportDocument& paragraph(Inline text);
    ReportDocument& paragraph(std::string text);
    ReportDocument& list(std::vector<std::string> items, std::string css_class = {});
    ReportDocument& table(ReportTable t);
    ReportDocument& figure(std::string id, std::string caption);
    const std::vector<ReportBlock>& blocks() const { return blocks_; }

  private:
    std::vector<ReportBlock> blocks_;
};

std::string toMarkdown(const ReportDocument& doc);
// A standalone page: the document's first level-1 heading is its title.
std::string toHtml(const ReportDocument& doc);

} // namespace rsui
