#!/usr/bin/env bash
# Runs every test: installs the interop clients the tests start (npm packages; Debian's
# python3-grpcio when root), then the Maven build with all modules' tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
echo "Using JAVA_HOME=$JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
bash scripts/install-test-clients.sh
./mvnw -B verify
