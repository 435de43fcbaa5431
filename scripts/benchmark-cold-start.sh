#!/usr/bin/env bash
# Cold-start benchmark of the built jar in the default embedded mode: per run a fresh process,
# timed from spawn to the gRPC port opening, the first frame, dataset_current and the first live
# change, with the server's log lines on the same clock.
#   scripts/benchmark-cold-start.sh [runs=3] [-Dkey=value ...]   (the -D options go to the server)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
./mvnw -q -B -DskipTests install # the jar it starts
run_test_class app org.accountstream.app.ColdStartBenchmark "" "$@"
