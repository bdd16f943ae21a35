#!/usr/bin/env bash
# The tools `npm test` needs from the system: Debian's chromium (Playwright cannot download its own
# browser here) for the end-to-end tests and the bench's browser recording, and wrk, the load
# generator the bench replays with (the smoke run in `npm test` uses both). Installs whatever is
# missing when we are root; otherwise says what to do.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$path" ] || missing+=(chromium)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (Debian packages) for the tests and the bench smoke run..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
for m in "${missing[@]}"; do
  case "$m" in
    chromium) echo "No browser at $path. Install chromium (e.g. 'sudo apt-get install -y chromium') or set CHROMIUM_PATH." >&2 ;;
    wrk) echo "No wrk on PATH. Install it (e.g. 'sudo apt-get install -y wrk'): the bench replays browser requests with it." >&2 ;;
  esac
done
exit 1
