#include "fake_experiment.h"

#include "core/config/run_config.h"
#include "core/spectral/probe.h"
#include "core/store/npy.h"
#include "core/store/run_dir.h"
#include "core/train/trainer.h"
#include "core/util/files.h"

namespace fs = std::filesystem;

namespace rsui::test {

void writeFakeRun(const fs::path& experiment, const FakeRun& run, const std::string& state,
                  const std::string& last_error) {
    rs::RunDir rd(experiment / run.name);
    rd.create();
    auto cfg = rs::loadPreset("test");
    cfg.cell = run.cell;
    cfg.model.qk_norm = run.qk_norm;
    rs::RunRecord record;
    record.config = cfg;
    record.name = run.name;
    record.cell = run.cell;
    record.runtime = {{"device", "cpu"}};
    rd.writeRunRecord(record);
    rs::RunStatus st;
    st.state = rs::runStateFromString(state);
    st.last_error = last_error;
    st.tokens_done = run.marks.back();
    st.token_budget = run.marks.back();
    rd.writeStatus(st);
    for (size_t i = 0; i < run.marks.size(); ++i) {
        const long long t = run.marks[i];
        rd.appendMetric(rs::TrainRecord{0, t, run.val_loss[i] + 0.1, 1000.0, 0});
        rd.appendMetric(rs::CheckpointRecord{0, t, run.val_loss[i], std::nullopt});
        const fs::path pd = rd.probeDir(t);
        fs::create_directories(pd);
        rs::Json reps = rs::Json::array();
        for (int l = 0; l < 2; ++l) {
            for (int h = 0; h < 2; ++h) {
                for (const char* tap : {"pre", "gainless", "normed"}) { // the same values at each
                    reps.push_back(
                        {{"layer", l},
                         {"head", h},
                         {"qk", "k"},
                         {"tap", tap},
                         {"metrics",
                          {{"pr", rs::jsonNumber(run.key_pr[i] + 0.5 * l)}, // layer 1: +0.5
                           {"cov_pr", 1.0},
                           {"entropy_rank", 2.0},
                           {"energy_rank_90", 3},
                           {"condition", "inf"},
                           {"stable_rank", 1.5},
                           {"valid", true}}}});
                }
            }
        }
        rs::Json gammas = rs::Json::array();
        rs::Json summary = {{"tokens", t},
                            {"valid", true},
                            {"seconds", 0.01},
                            {"representations", reps},
                            {"gammas", gammas}};
        rs::writeFileAtomic(pd / "summary.json", summary.dump());
        std::vector<double> sigma;
        std::vector<double> gamma, contribution, pregain;
        for (int k = 0; k < 4; ++k) {
            for (double s : {4.0, 2.0, 1.0, 0.5}) {
                sigma.push_back(s);
            }
            for (int j = 0; j < 4; ++j) {
                gamma.push_back(0.25 * (j + 1));
                contribution.push_back(0.1 * (j + 1));
                pregain.push_back(0.4 - 0.1 * j); // gamma-free: falls as |gamma| grows
            }
        }
        rs::writeNpy(pd / "sigma_k_normed.npy", sigma, {2, 2, 4});
        if (run.qk_norm) {
            rs::writeNpy(pd / "gamma_k.npy", gamma, {2, 2, 4});
            rs::writeNpy(pd / "contribution_k.npy", contribution, {2, 2, 4});
            rs::writeNpy(pd / "energy_k_pregain.npy", pregain, {2, 2, 4});
        }
        rd.appendMetric(rs::ProbeRecord{t, true, rs::Json(), 0.01});
    }
}

fs::path fakeExperiment(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("rankscope-uitest-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

fs::path trainedTestRun(const std::string& name) {
    const auto exp = fakeExperiment(name);
    auto cfg = rs::applyCell(rs::loadPreset("test"), rs::defaultMatrix()[0], 0);
    cfg.train.threads = 2;
    rs::TrainOptions o;
    o.console_log = false;
    const auto dir = exp / cfg.runName();
    rs::Trainer(cfg, dir, o).run();
    return dir;
}

} // namespace rsui::test
