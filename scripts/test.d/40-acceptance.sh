#!/usr/bin/env bash
# Real-server acceptance test: PostgreSQL 15 primary + two standbys and pgBackRest 2.45 TLS
# servers, driven by the files `pgbr generate` writes (tests/acceptance/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/acceptance/run.sh
