#!/usr/bin/env bash
# Snapshot throughput benchmark: the in-memory store → grpc-java clients over loopback.
#   scripts/benchmark-snapshot.sh [accounts=1000000] [runs=3] [clients=1]
# Prints a table of runs (records/s over all clients, and how many times over the table was read
# for them) and min/median/max records/s (after one warm-up run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class app org.accountstream.app.SnapshotThroughputBenchmark "-Xmx6g" "$@"
