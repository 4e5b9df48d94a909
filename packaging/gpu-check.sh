#!/usr/bin/env bash
# The CUDA check, in two halves.
#   packaging/gpu-check.sh prepare   (here, on Debian) copies the header-only dependencies
#                                    (Eigen, spdlog, fmt, nlohmann-json, CLI11) into build-gpu-headers/
#   packaging/gpu-check.sh run       (on a GPU machine with PyTorch but no Qt and no registry)
#                                    builds core + rankscope-cli against the wheel's LibTorch and
#                                    times the `paper` preset for a few hundred steps on CUDA
#                                    (bf16 autocast): tokens/s, peak GPU memory and MFU.
set -euo pipefail
cd "$(dirname "$0")/.."
headers=build-gpu-headers

case "${1:-}" in
prepare)
  rm -rf "$headers" && mkdir -p "$headers"
  cp -r /usr/include/eigen3/Eigen /usr/include/spdlog /usr/include/fmt /usr/include/nlohmann /usr/include/CLI \
    "$headers"/
  # fmt is header-only when FMT_HEADER_ONLY is set (core/CMakeLists.txt does with these headers).
  echo "prepared $headers ($(du -sh "$headers" | cut -f1))"
  ;;
run)
  python=${PYTHON:-python3}
  prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
  echo "torch $("$python" -c 'import torch; print(torch.__version__, torch.version.cuda)') at $prefix"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  cmake -S . -B build-gpu -G "${GENERATOR:-Unix Makefiles}" -DCMAKE_BUILD_TYPE=Release \
    -DRANKSCOPE_WITH_GUI=OFF -DRANKSCOPE_BUILD_TESTS=OFF -DCMAKE_PREFIX_PATH="$prefix" \
    -DRANKSCOPE_HEADER_DEPS_DIR="$PWD/$headers" -DCMAKE_CXX_COMPILER_LAUNCHER= >/dev/null
  cmake --build build-gpu -j "$(nproc)" --target rankscope-cli
  # Peak memory from the driver's view, sampled while the benchmark runs.
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >/tmp/gpu-mem.log &
  sampler=$!
  ./build-gpu/app/rankscope-cli bench --preset paper --device cuda --precision bf16 \
    --steps "${STEPS:-200}" --warmup 10 --no-python --peak-tflops "${PEAK_TFLOPS:-989}"
  kill "$sampler" 2>/dev/null || true
  echo "peak GPU memory used: $(sort -n /tmp/gpu-mem.log | tail -1) MiB"
  ;;
*)
  echo "usage: packaging/gpu-check.sh prepare|run" >&2
  exit 2
  ;;
esac
