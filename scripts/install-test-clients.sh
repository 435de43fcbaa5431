#!/usr/bin/env bash
# Installs the real gRPC and SSE clients the interop tests start (interop/node: grpc-js and the
# eventsource package; interop/python), kinesis-mock, the Kinesis API server the Kinesis tests
# start (interop/kinesis-mock), and the headless browser that drives the live page
# (interop/browser, Debian's chromium).
# Idempotent and quiet on success; fast when everything is already installed.
#   - interop/node, interop/kinesis-mock, interop/browser: `npm ci` (or `npm install` without a
#     lock file) when node_modules is missing or was installed from a different package.json/package-lock.json.
#   - Debian's /usr/bin/python3 with grpcio + grpc_tools (apt: python3-grpcio, python3-grpc-tools).
#   - Debian's chromium (/usr/bin/chromium), which puppeteer-core drives (it downloads no browser).
#   apt: as root directly; otherwise sudo -n if available; otherwise a warning.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
status=0

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

warn() { echo "install-test-clients: $*" >&2; }

# Runs a command with its output captured; shows the output only if it fails.
quiet() {
  if ! "$@" >"$log" 2>&1; then
    warn "failed: $*"
    cat "$log" >&2
    return 1
  fi
}

# --- Node packages (grpc-js, kinesis-mock) ---------------------------------------------
install_node() { # $1 = the package's directory, $2 = a directory under node_modules that proves it installed
  local node_dir="$1" installed="$2"
  if ! command -v npm >/dev/null 2>&1; then
    warn "npm not found: $node_dir not installed"
    return 1
  fi
  local stamp="$node_dir/node_modules/.install-test-clients.stamp" want
  want="$(cd "$node_dir" && cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$node_dir/node_modules/$installed" ]]; then
    return 0
  fi
  if [[ -f "$node_dir/package-lock.json" ]]; then
    (cd "$node_dir" && quiet npm ci --no-audit --no-fund --loglevel=error) || return 1
  else
    (cd "$node_dir" && quiet npm install --no-audit --no-fund --loglevel=error) || return 1
    # npm install may have just written the lock file: stamp what is there now.
    want="$(cd "$node_dir" && cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  fi
  echo "$want" >"$stamp"
}

# --- Debian packages -------------------------------------------------------------------
as_root=() # how apt-get runs as root: directly, or through password-less sudo
apt_usable=1
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    apt_usable=0
  fi
fi
apt_updated=0

# Installs Debian packages (apt-get update first, once). Without root: a warning, status 2.
apt_install() {
  if [[ "$apt_usable" -eq 0 ]]; then
    warn "not root and no password-less sudo: run as root:" \
      "apt-get update && apt-get install -y $*"
    return 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [[ "$apt_updated" -eq 0 ]]; then
    quiet "${as_root[@]}" apt-get update -qq || return 1
    apt_updated=1
  fi
  quiet "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

# --- Python (Debian grpcio, C-core) -----------------------------------------------------
python_ok() { /usr/bin/python3 -c 'import grpc, grpc_tools.protoc' >/dev/null 2>&1; }

install_python() {
  python_ok && return 0
  apt_install python3-grpcio python3-grpc-tools || { [[ $? -eq 2 ]] && return 0; return 1; }
  if ! python_ok; then
    warn "/usr/bin/python3 still cannot import grpc and grpc_tools after apt-get install"
    return 1
  fi
}

# --- Chromium (Debian's; the live page's test drives it headless) ----------------------------
install_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  apt_install chromium || { [[ $? -eq 2 ]] && return 0; return 1; }
  if ! command -v chromium >/dev/null 2>&1; then
    warn "chromium is still not on the PATH after apt-get install"
    return 1
  fi
}

install_node "$root/interop/node" @grpc/grpc-js || status=1
install_node "$root/interop/kinesis-mock" kinesis-local || status=1
install_node "$root/interop/browser" puppeteer-core || status=1
install_python || status=1
install_chromium || status=1
exit "$status"
