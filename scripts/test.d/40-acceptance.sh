#!/usr/bin/env bash
# Real-server acceptance test, on both real pairs (tests/acceptance/README.md): pgBackRest 2.45
# with PostgreSQL 15 (Debian 12's own), then pgBackRest 2.60 with PostgreSQL 18 (the chroot
# `scripts/bootstrap.sh --releases` makes), each driven by the files `pgbr generate` writes.
set -euo pipefail
cd "$(dirname "$0")/../.."
for release in 2.45 2.60; do
  s=$(date +%s)
  ACCEPTANCE_RELEASE=$release tests/acceptance/run.sh
  echo "acceptance on pgBackRest $release took $(($(date +%s) - s))s"
done
