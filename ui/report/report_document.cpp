#include "ui/report/report_document.h"

#include "core/util/csv.h"

#include <sstream>

namespace rsui {

std::string ReportTable::csv() const {
    std::string o = rs::csvRow(header);
    for (const auto& r : rows) {
        o += rs::csvRow(r);
    }
    return o;
}

std::string ReportTable::markdown() const {
    std::ostringstream o;
    auto line = [&](const std::vector<std::string>& r, bool links) {
        o << "|";
        for (size_t i = 0; i < r.size(); ++i) {
            const bool figure = links && int(i) == figure_column && !r[i].empty();
            o << " " << (figure ? "[" + r[i] + "](figures/" + r[i] + ".png)" : r[i]) << " |";
        }
        o << "\n";
    };
    line(header, false);
    o << "|";
    for (size_t i = 0; i < header.size(); ++i) {
        o << "---|";
    }
    o << "\n";
    for (const auto& r : rows) {
        line(r, true);
    }
    return o.str();
}

ReportDocument& ReportDocument::heading(int level, std::string text) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Heading;
    b.level = level;
    b.text = {{std::move(text)}};
    blocks_.push_back(std::move(b));
    return *this;
}

ReportDocument& ReportDocument::paragraph(Inline text) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Paragraph;
    b.text = std::move(text);
    blocks_.push_back(std::move(b));
    return *this;
}

ReportDocument& ReportDocument::paragraph(std::string text) {
    return paragraph(Inline{{std::move(text)}});
}

ReportDocument& ReportDocument::list(std::vector<std::string> items, std::string css_class) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::List;
    for (auto& i : items) {
        b.items.push_back({{std::move(i)}});
    }
    b.css_class = std::move(css_class);
    blocks_.push_back(std::move(b));
    return *this;
}

ReportDocument& ReportDocument::table(ReportTable t) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Table;
    b.table = std::move(t);
    blocks_.push_back(std::move(b));
    return *this;
}

ReportDocument& ReportDocument::figure(std::string id, std::string caption) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Figure;
    b.figure_id = std::move(id);
    b.caption = std::move(caption);
    blocks_.push_back(std::move(b));
    return *this;
}

namespace {

std::string markdownInline(const Inline& text) {
    std::string o;
    for (const auto& s : text) {
        o += s.code ? "`" + s.text + "`" : s.text;
    }
    return o;
}

std::string escaped(const std::string& s) {
    std::string o;
    for (char c : s) {
        o += c == '&'   ? "&amp;"
             : c == '<' ? "&lt;"
             : c == '>' ? "&gt;"
             : c == '"' ? "&quot;"
                        : std::string(1, c);
    }
    return o;
}

std::string htmlInline(const Inline& text) {
    std::string o;
    for (const auto& s : text) {
        o += s.code ? "<code>" + escaped(s.text) + "</code>" : escaped(s.text);
    }
    return o;
}

std::string htmlTable(const ReportTable& t) {
    std::string o = "<table>\n<tr>";
    for (const auto& h : t.header) {
        o += "<th>" + escaped(h) + "</th>";
    }
    o += "</tr>\n";
    for (const auto& r : t.rows) {
        o += "<tr>";
        for (size_t i = 0; i < r.size(); ++i) {
            const auto& c = r[i];
            o += int(i) == t.figure_column && !c.empty()
                     ? "<td><a href=\"#fig-" + escaped(c) + "\">" + escaped(c) + "</a></td>"
                     : "<td>" + escaped(c) + "</td>";
        }
        o += "</tr>\n";
    }
    return o + "</table>\n";
}

void markdownBlock(std::ostringstream& md, const ReportBlock& b) {
    using Kind = ReportBlock::Kind;
    switch (b.kind) {
    case Kind::Heading:
        md << std::string(size_t(b.level), '#') << " " << markdownInline(b.text) << "\n\n";
        break;
    case Kind::Paragraph:
        md << markdownInline(b.text) << "\n\n";
        break;
    case Kind::List:
        for (const auto& i : b.items) {
            md << "- " << markdownInline(i) << "\n";
        }
        md << "\n";
        break;
    case Kind::Table:
        md << b.table.markdown() << "\n([CSV](tables/" << b.table.name << ".csv))\n\n";
        break;
    case Kind::Figure: {
        const auto& id = b.figure_id;
        md << "![" << b.caption << "](figures/" << id << ".png)\n\n*" << b.caption
           << "* ([SVG](figures/" << id << ".svg), [CSV](figures/" << id << ".csv))\n\n";
        break;
    }
    }
}

void htmlBlock(std::ostringstream& h, const ReportBlock& b) {
    using Kind = ReportBlock::Kind;
    switch (b.kind) {
    case Kind::Heading:
        h << "<h" << b.level << ">" << htmlInline(b.text) << "</h" << b.level << ">\n";
        break;
    case Kind::Paragraph:
        h << "<p>" << htmlInline(b.text) << "</p>\n";
        break;
    case Kind::List:
        h << (b.css_class.empty() ? "<ul>\n" : "<ul class=\"" + b.css_class + "\">\n");
        for (const auto& i : b.items) {
            h << "<li>" << htmlInline(i) << "</li>\n";
        }
        h << "</ul>\n";
        break;
    case Kind::Table:
        h << htmlTable(b.table) << "<p><a href=\"tables/" << escaped(b.table.name)
          << ".csv\">CSV</a></p>\n";
        break;
    case Kind::Figure: {
        const auto id = escaped(b.figure_id), cap = escaped(b.caption);
        h << "<figure id=\"fig-" << id << "\"><img src=\"figures/" << id << ".png\" alt=\"" << cap
          << "\"><figcaption>" << cap << " (<a href=\"figures/" << id
          << ".svg\">SVG</a>, <a href=\"figures/" << id
          << ".csv\">CSV</a>)</figcaption></figure>\n";
        break;
    }
    }
}

const char* kHtmlStyle =
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse;margin:1em 0;font-size:90%}"
    "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
    "img{max-width:100%}figure{margin:1.5em 0}figcaption{color:#444}"
    ".prov{font-size:80%;word-break:break-all}";

} // namespace

std::string toMarkdown(const ReportDocument& doc) {
    std::ostringstream md;
    for (const auto& b : doc.blocks()) {
        markdownBlock(md, b);
    }
    return md.str();
}

std::string toHtml(const ReportDocument& doc) {
    std::string title;
    for (const auto& b : doc.blocks()) {
        if (b.kind == ReportBlock::Kind::Heading && b.level == 1 && title.empty()) {
            title = markdownInline(b.text);
        }
    }
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
      << escaped(title) << "</title><style>" << kHtmlStyle << "</style></head><body>\n";
    for (const auto& b : doc.blocks()) {
        htmlBlock(h, b);
    }
    h << "</body></html>\n";
    return h.str();
}

} // namespace rsui
