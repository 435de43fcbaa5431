#!/usr/bin/env bash
# Snapshot throughput benchmark: the in-memory store → one grpc-java client over loopback.
#   scripts/benchmark-snapshot.sh [accounts=1000000] [runs=3]
# Prints a table of runs and min/median/max records/s (after one warm-up run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -q -B -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx6g -cp "app/target/test-classes:app/target/classes:$(cat app/target/test.classpath)" \
    org.accountstream.app.SnapshotThroughputBenchmark "$@"
