#include "core/store/surgery_record.h"

#include "core/util/csv.h"
#include "core/util/error.h"
#include "core/util/files.h"
#include "core/util/name_table.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace rs {

namespace fs = std::filesystem;

namespace {

// Calls `row` with a lookup by column name for every data line; a line lacking a named column
// or failing to parse is skipped (a foreign or hand-edited row); quoting follows csv.h.
template <typename Row> void forEachCsvRow(const fs::path& path, const Row& row) {
    const auto table = parseCsv(readFile(path), path.string());
    if (table.empty()) {
        return;
    }
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < table[0].size(); ++i) {
        column[table[0][i]] = i;
    }
    for (size_t r = 1; r < table.size(); ++r) {
        const auto& cells = table[r];
        const auto cell = [&](const std::string& name) -> const std::string& {
            auto it = column.find(name);
            if (it == column.end() || it->second >= cells.size()) {
                throw std::out_of_range(name);
            }
            return cells[it->second];
        };
        try {
            row(cell);
        } catch (const std::exception&) {
        }
    }
}

void writeCsv(const fs::path& path, const std::string& text) {
    if (!path.parent_path().empty()) {
        createFolder(path.parent_path());
    }
    writeFileAtomic(path, text);
}

template <typename T> void sortByCheckpoint(std::vector<T>& v) {
    std::sort(v.begin(), v.end(),
              [](const T& a, const T& b) { return a.checkpoint < b.checkpoint; });
}

} // namespace

void writeSweepCsv(const fs::path& path, const std::string& run, const SurgerySweep& sweep) {
    std::ostringstream out;
    out << "run,checkpoint,strategy,fraction,draw,loss,ppl,acc\n";
    out.precision(10);
    for (const auto& r : sweep.rows) {
        out << csvField(run) << "," << sweep.checkpoint << "," << key(r.strategy) << ","
            << r.fraction << "," << r.draw << "," << r.loss << "," << r.ppl << "," << r.acc << "\n";
    }
    writeCsv(path, out.str());
}

std::vector<SurgeryRow> readSweepCsv(const fs::path& path) {
    std::vector<SurgeryRow> rows;
    forEachCsvRow(path, [&](const auto& cell) {
        const auto strategy = strategyFromKey(cell("strategy"));
        if (!strategy) {
            return;
        }
        rows.push_back({*strategy, std::stod(cell("fraction")), std::stoi(cell("draw")),
                        std::stod(cell("loss")), std::stod(cell("ppl")), std::stod(cell("acc"))});
    });
    return rows;
}

void writeAblationCsv(const fs::path& path, const std::string& run,
                      const SurgeryAblation& ablation) {
    std::ostringstream out;
    out << "run,checkpoint,layer,kv_head,dim,gamma,loss,delta_loss,tokens\n";
    out.precision(10);
    for (const auto& a : ablation.rows) {
        out << csvField(run) << "," << ablation.checkpoint << "," << a.layer << "," << a.kv_head
            << "," << a.dim << ",";
        if (std::isfinite(a.gamma)) {
            out << a.gamma; // without QK-Norm: an empty cell
        }
        out << "," << a.loss << "," << a.delta << "," << a.tokens << "\n";
    }
    writeCsv(path, out.str());
}

std::vector<AblationRow> readAblationCsv(const fs::path& path) {
    std::vector<AblationRow> rows;
    forEachCsvRow(path, [&](const auto& cell) {
        const auto& gamma = cell("gamma");
        rows.push_back(
            {std::stoi(cell("layer")), std::stoi(cell("kv_head")), std::stoi(cell("dim")),
             gamma.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(gamma),
             std::stod(cell("loss")), std::stod(cell("delta_loss")), std::stoll(cell("tokens"))});
    });
    return rows;
}

SurgeryFiles readSurgeryFiles(const RunLayout& run) {
    SurgeryFiles out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(run.surgeryDir(), ec)) {
        const auto name = RunLayout::surgeryFile(e.path().filename().string());
        if (!name) {
            continue;
        }
        if (name->kind == RunLayout::SurgeryFile::Sweep) {
            out.sweeps.push_back({name->tokens, readSweepCsv(e.path())});
        } else {
            out.ablations.push_back({name->tokens, readAblationCsv(e.path())});
        }
    }
    sortByCheckpoint(out.sweeps);
    sortByCheckpoint(out.ablations);
    return out;
}

} // namespace rs
