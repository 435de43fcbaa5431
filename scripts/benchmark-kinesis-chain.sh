#!/usr/bin/env bash
# Signal's chain on this machine (DynamoDB Local → the filter Lambda's local runner → kinesis-mock
# → AccountStream), measured from a gRPC client: update latency (write → client, p50/p90/p99/max)
# through Kinesis and through the table's DynamoDB stream directly, then the time to
# dataset_current for a large table with an empty Kinesis stream (min/median/max).
#   scripts/benchmark-kinesis-chain.sh [writes=200] [accounts=100000] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
if [[ ! -f lambda-filter/target/lambda-filter.jar ]]; then
    ./mvnw -q -B -pl lambda-filter -am -DskipTests package
fi
run_test_class app org.accountstream.app.KinesisChainBenchmark "-Xmx4g -Djava.util.logging.config.file=app/src/main/resources/logging.properties" "$@"
