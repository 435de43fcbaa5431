#!/usr/bin/env bash
# Runs AccountStream (building it first if needed) with a JDK >= 21.
#   scripts/run.sh [-Dkey=value ...]      e.g. scripts/run.sh -Dgrpc.port=6000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
if [ ! -f app/target/accountstream.jar ]; then
    echo "Building app/target/accountstream.jar (first run only)..." >&2
    ./mvnw -q -B -DskipTests package
fi
exec "$JAVA_HOME/bin/java" "$@" -jar app/target/accountstream.jar
