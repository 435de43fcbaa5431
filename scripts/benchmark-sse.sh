#!/usr/bin/env bash
# The SSE transport in the embedded mode (1,000 accounts, the demo writer stopped), from clients in
# the same JVM: update latency (table put → client, p50/p90/p99/max over 200 writes one after the
# other) with 1 SSE client and with N, for the first, median and last of them, a gRPC client
# alongside; then the heap per idle SSE client at the head (server and client, client alone) and
# the process's CPU with nothing written.
#   scripts/benchmark-sse.sh [clients=1000] [writes=200]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class app org.accountstream.app.SseBenchmark \
    "-Xmx4g --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=app/src/main/resources/logging.properties" "$@"
