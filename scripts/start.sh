#!/usr/bin/env bash
# Install everything, build the web app and start Factmark on the embedded
# default (SQLite in ./data). The first start creates a demo document.
# PORT, HOST and DATA_DIR change where it listens and stores (docs/operations.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec pnpm start
