#!/usr/bin/env bash
# The real-browser test needs a Chromium: Debian's `chromium` package (BSD-3-Clause and others,
# see /usr/share/doc/chromium/copyright). Playwright (pip package) drives it through its executable
# path; no browser is downloaded by Playwright. Installs with apt-get when missing (needs root/sudo).
set -euo pipefail
find_chromium() {
  for c in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! find_chromium >/dev/null; then
  if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
    echo "planbook: no chromium found; install Debian's chromium (apt-get install chromium)" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  echo "installing Debian's chromium for the browser test ..."
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
exe="$(find_chromium)" || { echo "planbook: chromium still missing after install" >&2; exit 1; }
# the page must render Chinese too (fonts-noto-cjk, see tools/ensure_fonts.sh)
bash "$(dirname "$0")/ensure_fonts.sh"
"$exe" --version 2>/dev/null | head -1 || true
