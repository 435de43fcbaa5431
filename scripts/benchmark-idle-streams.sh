#!/usr/bin/env bash
# Idle streams with the default limits: N gRPC streams over one connection (memory mode, demo
# writer running); prints the time until all are dataset_current, heap per stream and the
# messages per second they receive while idle.
#   scripts/benchmark-idle-streams.sh [streams=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class app org.accountstream.app.IdleStreamsBenchmark "-Xmx4g" "$@"
