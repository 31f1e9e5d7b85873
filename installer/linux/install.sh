#!/bin/sh
# Per-user install of the one-folder bundle on Linux: copies dist/cdt-desktop to
# ~/.local/opt/cdt-desktop, links the launcher into ~/.local/bin, and registers the .desktop
# entry, the AppStream metainfo and the icons. Run from the repository root after `make bundle`.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=org.cdtcompanion.Desktop
PREFIX=${PREFIX:-$HOME/.local}
[ -x "$ROOT/dist/cdt-desktop/cdt-desktop" ] || { echo "error: build the bundle first (make bundle)" >&2; exit 2; }
# Replacing the folder under a running app pulls its modules away mid-session (an ImportError
# at the next menu it opens): quit it first.
for exe in /proc/[0-9]*/exe; do
  target=$(readlink "$exe" 2>/dev/null) || continue
  case "$target" in
    "$PREFIX/opt/cdt-desktop/"*)
      pid=${exe#/proc/}; pid=${pid%/exe}
      echo "error: CDT Companion Desktop is running from $PREFIX/opt/cdt-desktop (process $pid): quit it, then install again" >&2
      exit 1 ;;
  esac
done
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
rm -rf "$PREFIX/opt/cdt-desktop"
cp -a "$ROOT/dist/cdt-desktop" "$PREFIX/opt/cdt-desktop"
ln -sf "$PREFIX/opt/cdt-desktop/cdt-desktop" "$PREFIX/bin/cdt-desktop"
ln -sf "$PREFIX/opt/cdt-desktop/cdt-desktop-cli" "$PREFIX/bin/cdt-desktop-cli"
sed "s|^Exec=.*|Exec=$PREFIX/bin/cdt-desktop|" "$HERE/$APP_ID.desktop" > "$PREFIX/share/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/"
for size in 16 24 32 48 64 128 256; do
  icon="$ROOT/resources/icons/cdt-desktop-$size.png"
  [ -f "$icon" ] || continue
  mkdir -p "$PREFIX/share/icons/hicolor/${size}x${size}/apps"
  cp "$icon" "$PREFIX/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
if [ -f "$ROOT/resources/icons/cdt-desktop.svg" ]; then
  mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
  cp "$ROOT/resources/icons/cdt-desktop.svg" "$PREFIX/share/icons/hicolor/scalable/apps/$APP_ID.svg"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$PREFIX/share/applications" || true
echo "Installed to $PREFIX/opt/cdt-desktop; start it from the menu or with: cdt-desktop"
