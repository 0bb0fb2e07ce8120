#!/usr/bin/env bash
# Checks the system programs the test suite needs, and installs the missing ones with apt-get when it
# can (root on Debian/Ubuntu). Otherwise it stops and names exactly what to install.
#   - Chromium: component tests (@web/test-runner) and end-to-end tests (playwright-core) use the
#     system's browser, never a downloaded one.
#   - redis-server: the Redis session-store tests spawn a real server.
#   - fonts-liberation: stable text metrics in the browser tests.
#   - postgresql: the PostgreSQL account store's tests start a real server (initdb in a temporary folder).
#   - nginx: the gateway's end-to-end test puts a real nginx in front of the BFF and a site.
# Installing them starts no service: the tests start their own servers on free ports.
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

# PostgreSQL's server programs: PG_BIN, Debian's /usr/lib/postgresql/<version>/bin, or the PATH.
find_postgres() {
  local folder
  for folder in "${PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r) \
    "$(pg_config --bindir 2>/dev/null || true)" $(echo "$PATH" | tr ':' ' '); do
    if [ -n "$folder" ] && [ -x "$folder/initdb" ] && [ -x "$folder/postgres" ]; then
      echo "$folder"
      return 0
    fi
  done
  return 1
}

find_nginx() {
  local candidate
  for candidate in "${NGINX_PATH:-}" /usr/sbin/nginx /usr/bin/nginx "$(command -v nginx 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

missing_packages=()
find_chromium >/dev/null || missing_packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing_packages+=(redis-server)
have_liberation || missing_packages+=(fonts-liberation)
find_postgres >/dev/null || missing_packages+=(postgresql)
find_nginx >/dev/null || missing_packages+=(nginx)

if [ ${#missing_packages[@]} -eq 0 ]; then
  echo "System dependencies: Chromium ($(find_chromium)), redis-server, fonts-liberation, PostgreSQL ($(find_postgres)), nginx ($(find_nginx)): all present."
  exit 0
fi

echo "Missing system dependencies: ${missing_packages[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing them with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  # No service starts at install (nginx on port 80, PostgreSQL's « main » cluster): the tests run
  # their own. policy-rc.d is the Debian way to say so; ours is removed afterwards.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  mkdir -p /etc/postgresql-common/createcluster.d
  [ -e /etc/postgresql-common/createcluster.d/franceconnect-kit.conf ] ||
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/franceconnect-kit.conf
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" fontconfig >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
  find_chromium >/dev/null || { echo "Chromium is still missing after apt-get install." >&2; exit 1; }
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server is still missing after apt-get install." >&2; exit 1; }
  find_postgres >/dev/null || { echo "PostgreSQL is still missing after apt-get install." >&2; exit 1; }
  find_nginx >/dev/null || { echo "nginx is still missing after apt-get install." >&2; exit 1; }
  echo "System dependencies installed."
  exit 0
fi

cat >&2 <<MSG
Please install: ${missing_packages[*]}
  Debian/Ubuntu: sudo apt-get install -y ${missing_packages[*]}
  (on Ubuntu the Chromium package may be called chromium-browser; any Chrome or Chromium works:
   point CHROME_PATH at its executable)
  (PostgreSQL: any version with initdb and postgres; set PG_BIN to their folder if it is not found.
   nginx: set NGINX_PATH to its executable if it is not found.)
  macOS (Homebrew): brew install redis postgresql nginx && brew install --cask chromium font-liberation
MSG
exit 1
