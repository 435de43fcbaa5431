#!/usr/bin/env bash
# Runs every test: installs the interop clients the tests start (npm packages; Debian's
# python3-grpcio when root), then the Maven build with all modules' tests.
#
# A failing test does not hide the other modules' results: every module that compiles runs its
# tests (test failures are collected, not fatal, and a module that fails to build skips only the
# modules that need it), then a summary per module is printed and the script fails if anything did.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
echo "Using JAVA_HOME=$JAVA_HOME ($("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
bash scripts/install-test-clients.sh
rm -rf -- */target/surefire-reports */target/failsafe-reports # a module that does not run this time must not report old results
build=0
./mvnw -B --fail-at-end verify -Dmaven.test.failure.ignore=true || build=$?
bash scripts/test-summary.sh || build=1
exit "$build"
