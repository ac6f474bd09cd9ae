#!/usr/bin/env bash
# Make sure the fonts are installed: a CJK font for matplotlib, Noto Sans CJK (SIL Open Font
# License 1.1, Debian's fonts-noto-cjk), and Carlito (OFL 1.1, fonts-crosextra-carlito), metric-
# compatible with Calibri, the workbooks' default font: without it LibreOffice measures Excel column
# widths with a wider fallback font and prints the Excel tables about 20% smaller than Excel does.
# Installs what is missing with apt-get (needs root or sudo).
set -euo pipefail
missing=()
fc-list :lang=zh family 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Carlito" || missing+=(fonts-crosextra-carlito)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
  echo "planbook: fonts missing; install Debian's ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
echo "installing ${missing[*]} (OFL-1.1) ..."
$SUDO apt-get update -qq >/dev/null
for pkg in "${missing[@]}"; do
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg" fontconfig >/dev/null; then
    [ "$pkg" = fonts-noto-cjk ] && exit 1   # charts need a CJK font; Carlito only sharpens PDF checks
    echo "planbook: $pkg not installed; LibreOffice will print the workbooks smaller than Excel" >&2
  fi
done
fc-cache -f >/dev/null 2>&1 || true
# matplotlib caches its font list: drop the cache so the new font is seen
rm -rf "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
