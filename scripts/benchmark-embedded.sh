#!/usr/bin/env bash
# Embedded-mode catch-up benchmark: time to dataset_current for a seeded DynamoDB Local table,
# and records sent after the snapshot for 5,000 changes made before / during it.
#   scripts/benchmark-embedded.sh [accounts=100000] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class app org.accountstream.app.EmbeddedCatchUpBenchmark "-Xmx4g --enable-native-access=ALL-UNNAMED" "$@"
