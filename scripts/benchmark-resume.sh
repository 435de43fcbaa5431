#!/usr/bin/env bash
# Resumed vs fresh snapshot: records received and time taken by a client resumed at 50% of its
# snapshot against a fresh one, in memory mode and against DynamoDB Local (aws mode).
#   scripts/benchmark-resume.sh [accounts=100000] [runs=3]
# Prints a table of runs (after one warm-up run per store).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class app org.accountstream.app.ResumeBenchmark "-Xmx4g" "$@"
