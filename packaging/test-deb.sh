#!/usr/bin/env bash
# Installs a built package into a fresh Debian 12 tree (debootstrap, minimal) with apt, as a user
# would, and runs both programs there: rankscope-cli --version, a `train --preset test` run, and
# the GUI under Xvfb opening that run's folder (FOLDER argument) and taking screenshots of its
# window. Prints the package size and the install
# and first-run times. Run it before each release (it needs root, debootstrap and Debian's
# mirror, and takes minutes: too slow and too privileged for every CI run).
# usage (root): packaging/test-deb.sh PACKAGE.deb [OUT_DIR]    (OUT_DIR gets the screenshots)
set -euo pipefail
deb=$(realpath "$1")
out=$(realpath -m "${2:-deb-test}")
base=${DEB_TEST_BASE:-${TMPDIR:-/tmp}/rankscope-deb-base}
root=${TMPDIR:-/tmp}/rankscope-deb-test
[[ $(id -u) -eq 0 ]] || { echo "test-deb.sh: run as root (chroot)" >&2; exit 2; }
mirror=$(grep -h '^URIs' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
mirror=${mirror:-http://deb.debian.org/debian}
if [[ ! -x "$base/bin/bash" ]]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  debootstrap --variant=minbase bookworm "$base" "$mirror" >/dev/null
fi
unmount() { for m in proc sys dev; do umount -l "$root/$m" 2>/dev/null || true; done; }
unmount
rm -rf "$root"
cp -a "$base" "$root"
trap unmount EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
fi
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
cp "$deb" "$root/tmp/package.deb" # a fixed name: the path never reaches the shell inside
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
inside() { chroot "$root" env DEBIAN_FRONTEND=noninteractive HOME=/root bash -ec "cd /root; $1"; }
inside 'apt-get update -qq'
t0=$(date +%s)
inside 'apt-get install -y -qq /tmp/package.deb >/dev/null'
t1=$(date +%s)
inside 'rankscope-cli --version; ls /usr/share/man/man1/rankscope-cli.1* /usr/share/bash-completion/completions/rankscope-cli >/dev/null'
inside 'rankscope-cli train --preset test --cell A1 --out exp/A1-s0 >train.out 2>&1 || { cat train.out; exit 1; }; tail -1 train.out'
t2=$(date +%s)
gui=no
if inside 'command -v rankscope' >/dev/null 2>&1; then
  # Test tools only, installed after the package's own dependencies were checked.
  inside 'apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null'
  inside 'xvfb-run -a -s "-screen 0 1920x1080x24" rankscope --screenshots shots exp >/dev/null'
  mkdir -p "$out"
  cp "$root"/root/shots/*.png "$out"/
  gui="yes, $(ls "$out" | wc -l) screenshots in $out"
fi
echo "package: $(basename "$deb"), $(du -h "$deb" | cut -f1); installed into a fresh Debian 12:" \
  "$(inside 'du -sh /usr/bin/rankscope-cli' | cut -f1) CLI binary"
echo "apt install with dependencies: $((t1 - t0)) s; first run (train --preset test): $((t2 - t1)) s; GUI: $gui"
