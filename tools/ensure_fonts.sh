#!/usr/bin/env bash
# Make sure a CJK font is installed for matplotlib: Noto Sans CJK (SIL Open Font License 1.1),
# packaged by Debian as fonts-noto-cjk. Installs it with apt-get when missing (needs root).
set -euo pipefail
if fc-list :lang=zh family 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
  echo "planbook: no CJK font found; install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
echo "installing fonts-noto-cjk (Noto Sans CJK, OFL-1.1) ..."
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null
fc-cache -f >/dev/null 2>&1 || true
# matplotlib caches its font list: drop the cache so the new font is seen
rm -rf "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
