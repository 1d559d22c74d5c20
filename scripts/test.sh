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
# The server's tests use PostgreSQL (127.0.0.1:5432, database "test", trust auth) and Redis (127.0.0.1:6379).
# CI machines run both already; elsewhere, install and start Debian's packages when nothing answers.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! listening 5432; then
  echo "test: starting PostgreSQL for the storage tests"
  command -v pg_ctlcluster >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq postgresql; }
  version=$(ls /etc/postgresql | head -n 1)
  conf="/etc/postgresql/$version/main"
  as_root sed -i 's/^\(host\s\+all\s\+all\s\+127.0.0.1\/32\s\+\)\S\+/\1trust/' "$conf/pg_hba.conf"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
  as_root su postgres -c "psql -tc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb test"
fi
if ! listening 6379; then
  echo "test: starting Redis for the scale-out test"
  command -v redis-server >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq redis-server; }
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
exec pnpm test
