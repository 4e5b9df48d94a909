#!/usr/bin/env bash
# Builds the Debian package with CPack from the install() rules.
# usage: packaging/build-deb.sh [--cli-only] [BUILD_DIR]
#   BUILD_DIR   an existing build folder is reused (e.g. `build` of the default preset); a new one
#               is configured as a Release build without tests. Default: build-deb (build-deb-cli).
#   --cli-only  the engine-only build: a `rankscope-cli` package without Qt.
# Needs dpkg-dev and file (dpkg-shlibdeps computes the dependencies); packaging/install-deps.sh
# installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=ON
build=build-deb
if [[ "${1:-}" == "--cli-only" ]]; then
  gui=OFF
  build=build-deb-cli
  shift
fi
build=${1:-$build}
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRANKSCOPE_WITH_GUI="$gui" \
    -DRANKSCOPE_BUILD_TESTS=OFF
fi
cmake --build "$build"
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
for deb in "$build"/*.deb; do
  echo "$deb ($(du -h "$deb" | cut -f1))"
  dpkg-deb --field "$deb" Package Version Depends
done
