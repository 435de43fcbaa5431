#!/usr/bin/env bash
# Screenshots the live page of a running AccountStream in headless Chromium (a manual step, not
# part of the tests). It starts nothing itself: run the service first, e.g.
#   scripts/run.sh accountstream.mode=memory          (or plain scripts/run.sh: the embedded demo)
# then, in another terminal:
#   scripts/screenshot-page.sh [url] [out.png] [options]
#     url      the page (default http://127.0.0.1:8080/)
#     out.png  where the screenshot goes (default page.png)
#     options  passed to interop/browser/screenshot.js: --lookup <e164>, --wait-ms <ms> (how long
#              live changes accumulate after the page is current, default 12000), --scheme light|dark
# Needs what scripts/install-test-clients.sh installs (Debian's chromium, interop/browser's puppeteer-core).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url="${1:-http://127.0.0.1:8080/}"
out="${2:-page.png}"
shift $(($# < 2 ? $# : 2))
if [[ ! -d "$root/interop/browser/node_modules/puppeteer-core" ]] || ! command -v chromium >/dev/null 2>&1; then
  echo "screenshot-page: run scripts/install-test-clients.sh first (chromium, puppeteer-core)" >&2
  exit 1
fi
exec node "$root/interop/browser/screenshot.js" --url "$url" --out "$out" "$@"
