# The engine's Torch-free base: util, config, store, data, cluster, analysis and the spectral
# metrics. The engine (core/CMakeLists.txt) links it; the fuzz build (tests/fuzz) compiles the
# same target with its sanitizers, so no list of sources is kept twice.
include(${CMAKE_CURRENT_LIST_DIR}/resources.cmake)
set(RANKSCOPE_CORE_DIR ${CMAKE_CURRENT_LIST_DIR})

function(rankscope_add_base target)
  set(sources
    util/json_fields.cpp util/files.cpp util/system_info.cpp util/log.cpp util/memory_reuse.cpp
    util/csv.cpp util/shell.cpp util/process.cpp util/file_lock.cpp util/utc_time.cpp
    config/model_config.cpp config/train_config.cpp config/run_config.cpp config/choices.cpp
    config/study_design.cpp config/config_diff.cpp
    data/token_source.cpp data/document_sample.cpp data/synthetic_corpus.cpp
    data/text_cleaning.cpp data/documents.cpp data/sources.cpp data/readability.cpp
    data/sha256.cpp data/bpe_tokenizer.cpp
    data/experiment_data.cpp data/data_preparation.cpp data/data_preparation_text.cpp
    data/corpus_encoding.cpp data/text_units.cpp
    store/run_layout.cpp store/run_record.cpp store/run_dir.cpp
    store/probe_record.cpp store/surgery_record.cpp store/metric_record.cpp store/npy.cpp
    store/follower.cpp store/experiment.cpp store/experiment_plan.cpp store/locks.cpp
    store/slurm_record.cpp store/sealed_file.cpp store/run_factors.cpp
    cluster/slurm_script.cpp cluster/slurm_queue.cpp cluster/slurm_submit.cpp
    spectral/metrics.cpp spectral/probe_names.cpp surgery/strategy.cpp
    analysis/statistics.cpp analysis/trajectory.cpp analysis/effects.cpp analysis/evidence.cpp
    analysis/comparisons.cpp analysis/decomposition.cpp analysis/data_answers.cpp
    analysis/answer_summary.cpp
    analysis/multiplicity.cpp analysis/contrast_time.cpp
    analysis/dynamics.cpp analysis/gamma_proxy.cpp analysis/study.cpp)
  list(TRANSFORM sources PREPEND ${RANKSCOPE_CORE_DIR}/)
  rankscope_embedded_resources(EMBED_OUT)
  add_library(${target} STATIC ${sources} ${EMBED_OUT})
  # Includes name their layer: "core/store/run_layout.h", "ui/figures/...", "app/cli/...".
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${target} PUBLIC RANKSCOPE_VERSION="${PROJECT_VERSION}")
  find_package(Threads REQUIRED)
  find_package(ZLIB REQUIRED) # SWORD modules and .rst.gz documentation are zlib-compressed
  if(RANKSCOPE_HEADER_DEPS_DIR)
    target_include_directories(${target} SYSTEM PUBLIC ${RANKSCOPE_HEADER_DEPS_DIR})
    target_compile_definitions(${target} PUBLIC SPDLOG_HEADER_ONLY FMT_HEADER_ONLY)
  else()
    find_package(spdlog REQUIRED)
    find_package(nlohmann_json REQUIRED)
    find_package(Eigen3 REQUIRED NO_MODULE)
    target_link_libraries(${target} PUBLIC spdlog::spdlog nlohmann_json::nlohmann_json
                          Eigen3::Eigen)
  endif()
  target_link_libraries(${target} PUBLIC ZLIB::ZLIB Threads::Threads ${CMAKE_DL_LIBS})
endfunction()
