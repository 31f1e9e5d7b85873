#!/bin/sh
# Installs the few system libraries Qt needs on a fresh Debian/Ubuntu machine, when missing.
# Every purpose (`run`, `test`, `bundle`) needs the xcb platform plugin's libraries: the window
# loads them, and although the tests run offscreen, the slow test builds the standalone bundle,
# which copies them from the build machine (installer/build.py refuses a bundle without them).
# `test` also needs the PostgreSQL server binaries (package `postgresql`): the case-store tests
# start a real server.
# Without root (or sudo) it only says what to install.
purpose=${1:-run}
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
missing=""
for pair in "libGL.so.1:libgl1" "libEGL.so.1:libegl1" "libxkbcommon.so.0:libxkbcommon0" \
            "libfontconfig.so.1:libfontconfig1" "libdbus-1.so.3:libdbus-1-3" \
            "libxcb-cursor.so.0:libxcb-cursor0" "libxcb-icccm.so.4:libxcb-icccm4" \
            "libxcb-keysyms.so.1:libxcb-keysyms1" "libxkbcommon-x11.so.0:libxkbcommon-x11-0" \
            "libxcb-shape.so.0:libxcb-shape0" "libxcb-xkb.so.1:libxcb-xkb1"; do
  have_lib "${pair%%:*}" || missing="$missing ${pair#*:}"
done
if [ "$purpose" = test ]; then
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || \
    missing="$missing postgresql"
fi
[ -z "$missing" ] && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "note: install these packages:$missing"; exit 0; }
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "note: install these packages: sudo apt-get install$missing"; exit 0; fi
echo "Installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq $missing >/dev/null 2>&1 || \
  { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq $missing >/dev/null 2>&1; } || \
  echo "note: could not install:$missing"
exit 0
