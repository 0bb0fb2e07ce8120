#!/usr/bin/env bash
# Checks the system programs the test suite needs, and installs the missing ones with apt-get when it
# can (root on Debian/Ubuntu). Otherwise it stops and names exactly what to install.
#   - Chromium: component tests (@web/test-runner) and end-to-end tests (playwright-core) use the
#     system's browser, never a downloaded one.
#   - redis-server: the Redis session-store tests spawn a real server.
#   - fonts-liberation: stable text metrics in the browser tests.
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in "${CHROME_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome \
    /usr/bin/google-chrome-stable /opt/google/chrome/chrome; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

have_liberation() {
  if command -v fc-list >/dev/null 2>&1; then
    fc-list 2>/dev/null | grep -qi 'Liberation Sans' && return 0
  fi
  [ -d /usr/share/fonts/truetype/liberation ] || [ -d /usr/share/fonts/liberation-sans ] ||
    [ -d /usr/share/fonts/truetype/liberation2 ]
}

missing_packages=()
find_chromium >/dev/null || missing_packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing_packages+=(redis-server)
have_liberation || missing_packages+=(fonts-liberation)

if [ ${#missing_packages[@]} -eq 0 ]; then
  echo "System dependencies: Chromium ($(find_chromium)), redis-server, fonts-liberation: all present."
  exit 0
fi

echo "Missing system dependencies: ${missing_packages[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing them with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" fontconfig >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
  find_chromium >/dev/null || { echo "Chromium is still missing after apt-get install." >&2; exit 1; }
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server is still missing after apt-get install." >&2; exit 1; }
  echo "System dependencies installed."
  exit 0
fi

cat >&2 <<MSG
Please install: ${missing_packages[*]}
  Debian/Ubuntu: sudo apt-get install -y ${missing_packages[*]}
  (on Ubuntu the Chromium package may be called chromium-browser; any Chrome or Chromium works:
   point CHROME_PATH at its executable)
  macOS (Homebrew): brew install redis && brew install --cask chromium font-liberation
MSG
exit 1
