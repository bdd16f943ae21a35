#!/usr/bin/env bash
# Playwright cannot download its own browser here, so the end-to-end tests use Debian's chromium.
# Installs it when it is missing and we are root; otherwise says what to do.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian chromium for the end-to-end tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No browser at $path. Install chromium (e.g. 'sudo apt-get install -y chromium') or set CHROMIUM_PATH." >&2
exit 1
