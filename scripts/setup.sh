#!/usr/bin/env bash
# Install everything Factmark needs on a Debian machine with Node 20+ and npm:
# pnpm (pinned, into ./.tools so no root is needed), the toolchain that
# better-sqlite3 compiles with, and the workspace's packages.
# Usage: source scripts/setup.sh  (or bash scripts/setup.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM_VERSION=12.4.2

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root to run: $*" >&2
    return 1
  fi
}

# better-sqlite3 is a native addon: node-gyp needs python3, make and a C++ compiler.
if ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
  echo "setup: installing the build toolchain (python3, make, g++)"
  as_root apt-get update -qq
  as_root apt-get install -y -qq python3 make g++
fi
# Build native addons against the installed Node's headers instead of downloading them.
if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$ROOT/.tools/node_modules/.bin/pnpm" ] || [ "$("$ROOT/.tools/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "setup: installing pnpm $PNPM_VERSION into .tools/"
    npm install --silent --no-save --no-package-lock --prefix "$ROOT/.tools" "pnpm@$PNPM_VERSION"
  fi
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
fi

cd "$ROOT"
pnpm install --frozen-lockfile
