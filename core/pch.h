// Precompiled for every core TU: parsing torch/torch.h costs ~25 s per file otherwise.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
