#!/usr/bin/env bash
# Shared shard tails on a Kinesis-like in-memory feed (5 reads/s per shard, real time): a fresh
# stream's time to dataset_current alone and beside an old-token stream with a backlog, and feed
# reads per shard per second with 1 and 100 timestamp-horizon streams. Prints two tables.
#   scripts/benchmark-tails.sh [backlog=50000] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class application org.accountstream.application.TailSharingBenchmark "-Xmx2g" "$@"
