#!/usr/bin/env bash
# Embedded-mode catch-up benchmark: time to dataset_current for a seeded DynamoDB Local table,
# and records sent after the snapshot for 5,000 changes made before / during it.
#   scripts/benchmark-embedded.sh [accounts=100000] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -q -B -pl app -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED \
    -cp "app/target/test-classes:app/target/classes:$(cat app/target/test.classpath)" \
    org.accountstream.app.EmbeddedCatchUpBenchmark "$@"
