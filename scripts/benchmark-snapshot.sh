#!/usr/bin/env bash
# Snapshot throughput benchmark: the in-memory store → grpc-java clients over loopback.
#   scripts/benchmark-snapshot.sh [accounts=1000000] [runs=3] [clients=1]
# Prints a table of runs (records/s over all clients, and how many times over the table was read
# for them) and min/median/max records/s (after one warm-up run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -q -B -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx6g -cp "app/target/test-classes:app/target/classes:$(cat app/target/test.classpath)" \
    org.accountstream.app.SnapshotThroughputBenchmark "$@"
