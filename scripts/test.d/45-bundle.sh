#!/usr/bin/env bash
# The bundle on real servers: a cluster installed from `pgbr generate --zip` by running its
# install guide's commands host by host (each host a mount namespace), its preflight scripts,
# and the faults they catch (tests/acceptance/README.md, "The bundle").
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/acceptance/bundle.sh
