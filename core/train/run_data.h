#pragma once

#include "core/config/run_config.h"
#include "core/data/token_source.h"
#include "core/util/json_fields.h"

#include <ATen/Tensor.h>

#include <memory>
#include <vector>

namespace rs {

// A run's tokens as its config names them (data.source): the training and validation
// streams, the fixed evaluation batch, and what run.json records about them.
struct RunData {
    std::unique_ptr<TokenSource> train, val;
    at::Tensor eval;     // the fixed evaluation batch [sequences, length]; undefined = no probes
    at::Tensor own_eval; // the variant's own held-out batch; undefined = none (standard mix)
    Json describe;
};
RunData openData(const RunConfig& cfg);

// The run's fixed evaluation batch as [sequences, length] int64 (undefined for plain token
// files, which carry none): the prepared folder's eval_batch.tok, or 1,000 tokens of the
// synthetic language's evaluation stream. Rows are shortened to the model's context.
at::Tensor evaluationBatch(const RunConfig& cfg);

// The variant's own held-out batch (prepared: <variant>/eval_own.tok from its test split;
// synthetic: 1,000 tokens of the variant's own evaluation stream); undefined for the standard
// variant, whose distribution the shared batch already samples, and for plain token files.
at::Tensor ownEvaluationBatch(const RunConfig& cfg);

// The run's own sample of whole training documents (data.sample_fraction < 1, prepared data),
// drawn by the run's seed; `manifest` is the data folder's (it says where each source lies);
// `record` gets what run.json keeps of it (seed, documents, tokens, hash, tokens by source).
std::unique_ptr<TokenSource> sampleTrainDocuments(const RunConfig& cfg, const TokenSource& train,
                                                  const Json& manifest, Json& record);

// The run's held-out test tokens: prepared data's <variant>/test.tok (all of it: the windows
// are spread over the split), or `max_tokens` of the synthetic language's test stream. Plain
// token files carry no test split: UserError.
std::vector<uint16_t> testTokens(const RunConfig& cfg, int64_t max_tokens);

// Which sources the validation windows, and the surgery's default test windows, cover (prepared
// data only): added to `describe`.
void recordWindowSources(const RunConfig& cfg, const std::vector<int64_t>& val_starts,
                         Json& describe);

} // namespace rs
