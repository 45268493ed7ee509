#!/usr/bin/env bash
# Object-store acceptance test: the generated files against real S3 (moto behind stunnel),
# Azure (Azurite) and GCS (gcp-storage-emulator behind stunnel) servers, in the pooler topology
# with a PostgreSQL 15 primary, two streaming standbys and pgBackRest 2.45 TLS servers
# (tests/acceptance/README.md, "Object stores").
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/acceptance/objstore.sh
