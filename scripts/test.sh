#!/usr/bin/env bash
# Install everything (including Debian's Chromium for the end-to-end tests) and
# run every test: lint, type checks, unit and property tests, the build, and
# the end-to-end tests in real Chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium for the end-to-end tests"
  as_root apt-get update -qq
  as_root apt-get install -y -qq chromium
fi
exec pnpm test
