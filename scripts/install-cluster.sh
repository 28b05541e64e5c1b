#!/usr/bin/env bash
# Installs what the cluster mode (npm run start:cluster, npm run test:cluster)
# needs beyond scripts/install.sh, into ignored folders, idempotently:
#   .tools/bin/temporal-server      the Temporal server, go.temporal.io/server/cmd/server
#   .tools/bin/temporal-sql-tool    its schema tool, go.temporal.io/server/cmd/tools/sql
#   .tools/temporal-schema/         the PostgreSQL schemas the tool applies
#                                   (all three built once from the Go module proxy)
#   PostgreSQL 15                   Debian's postgresql-15 (apt, when root and missing)
# A second run with nothing changed does nothing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/.tools"

ARREARS_QUIET_INSTALL=${ARREARS_QUIET_INSTALL:-} bash scripts/install.sh

TEMPORAL_SERVER_VERSION=1.32.2
# The server's go.mod wants a newer Go than Debian's; the go command fetches this
# toolchain through the module proxy.
TEMPORAL_SERVER_GO=go1.26.10

fail() {
  echo "install-cluster: $*" >&2
  exit 1
}
say() { [ -n "${ARREARS_QUIET_INSTALL:-}" ] || echo "install-cluster: $*"; }

# --- Temporal server and schema tool ----------------------------------------------
marker="$tools/bin/.temporal-server-$TEMPORAL_SERVER_VERSION"
if [ ! -f "$marker" ] || [ ! -x "$tools/bin/temporal-server" ] || [ ! -x "$tools/bin/temporal-sql-tool" ] \
  || [ ! -d "$tools/temporal-schema/postgresql" ]; then
  say "Temporal server $TEMPORAL_SERVER_VERSION (Go build from the Go module proxy, the first time: about 200 s and 2 GB on 2 idle cores)"
  command -v go >/dev/null || fail "go is not on PATH: it is needed to build the Temporal server from the Go module proxy"
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  GOTOOLCHAIN=$TEMPORAL_SERVER_GO GOBIN="$build" GOFLAGS=-mod=mod \
    go install -trimpath -ldflags="-s -w" \
      "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
      "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" \
    || fail "could not build go.temporal.io/server v$TEMPORAL_SERVER_VERSION (cmd/server, cmd/tools/sql) from the Go module proxy"
  modules=$(GOTOOLCHAIN=$TEMPORAL_SERVER_GO go env GOMODCACHE)
  schema="$modules/go.temporal.io/server@v$TEMPORAL_SERVER_VERSION/schema/postgresql"
  [ -d "$schema" ] || fail "the Temporal server module has no schema/postgresql in $modules"
  mkdir -p "$tools/bin"
  rm -rf "$tools/temporal-schema"
  mkdir -p "$tools/temporal-schema"
  cp -R "$schema" "$tools/temporal-schema/postgresql"
  chmod -R u+w "$tools/temporal-schema"
  mv "$build/server" "$tools/bin/temporal-server"
  mv "$build/sql" "$tools/bin/temporal-sql-tool"
  rm -f "$tools/bin"/.temporal-server-*
  touch "$marker"
fi

# --- PostgreSQL ----------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "PostgreSQL 15 (Debian's postgresql-15, by apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null \
      || (apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null) \
      || fail "apt-get could not install postgresql-15"
  else
    fail "PostgreSQL is not installed: install postgresql-15 (apt-get install postgresql-15), or run this as root"
  fi
fi
say "ready: $tools/bin/{temporal-server,temporal-sql-tool}, $tools/temporal-schema, PostgreSQL"
