#!/usr/bin/env bash
# Signal's production topology on this machine, in one command:
#
#   DynamoDB Local ──DynamoDB stream──▶ filter Lambda ──▶ kinesis-mock ──▶ AccountStream ──▶ clients
#   (demo table,                        (local event-     (4 shards)       (mode aws,
#    demo writer)                        source runner)                     feed kinesis)
#
#   scripts/run-kinesis-chain.sh [AccountStream configuration ...]   e.g. grpc.port=6000
#
# Builds the jars on first use and installs kinesis-mock (npm) if missing. Ports: DynamoDB Local
# on 127.0.0.1:${DYNAMODB_PORT:-8000}, Kinesis on 127.0.0.1:${KINESIS_PORT:-4567}, AccountStream
# on its own (gRPC 50051, HTTP 8080). Each process logs to a file in $CHAIN_LOGS (a fresh
# temporary directory by default); AccountStream's log is shown here. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh

dynamodb_port="${DYNAMODB_PORT:-8000}"
kinesis_port="${KINESIS_PORT:-4567}"
stream="${KINESIS_STREAM:-account-changes}"
logs="${CHAIN_LOGS:-$(mktemp -d -t accountstream-chain.XXXXXX)}"
mkdir -p "$logs"

if [[ ! -f app/target/accountstream.jar || ! -f lambda-filter/target/lambda-filter.jar ]]; then
    echo "Building the jars (first run only)..." >&2
    ./mvnw -q -B -DskipTests package
fi
if [[ ! -d interop/kinesis-mock/node_modules/kinesis-local ]]; then
    echo "Installing kinesis-mock (first run only)..." >&2
    (cd interop/kinesis-mock && npm ci --silent --no-audit --no-fund)
fi

pids=()
stop_all() {
    trap - EXIT INT TERM
    [[ ${#pids[@]} -gt 0 ]] && kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    exec 3>&- 2>/dev/null || true # kinesis-mock exits when its stdin ends
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Waits until $2 (a command) succeeds, failing after $3 seconds with $1's log shown.
await() {
    local name="$1" check="$2" seconds="$3"
    for ((i = 0; i < seconds * 10; i++)); do
        if eval "$check" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "$name did not start within ${seconds} s; its log ($logs/$name.log):" >&2
    tail -n 20 "$logs/$name.log" >&2
    exit 1
}

# 1. kinesis-mock with the stream, reading its stdin from a pipe this script holds open.
mkfifo "$logs/kinesis-mock.stdin"
KINESIS_MOCK_PLAIN_PORT="$kinesis_port" KINESIS_MOCK_TLS_PORT=0 LOG_LEVEL=WARN \
    INITIALIZE_STREAMS="$stream:4" CREATE_STREAM_DURATION=0ms \
    node interop/kinesis-mock/run.js <"$logs/kinesis-mock.stdin" >"$logs/kinesis-mock.log" 2>&1 &
pids+=($!)
exec 3>"$logs/kinesis-mock.stdin"
await kinesis-mock "curl -sf http://127.0.0.1:$kinesis_port/healthcheck" 60

# 2. DynamoDB Local with the demo table (stream on) and the demo writer.
"$JAVA_HOME/bin/java" -jar app/target/accountstream.jar demo-table \
    accountstream.embedded.dynamodb-port="$dynamodb_port" >"$logs/demo-table.log" 2>&1 &
pids+=($!)
await demo-table "grep -q 'the demo table is up' '$logs/demo-table.log'" 120

# The AWS SDKs of the runner and the service find the stand-ins the standard way.
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$dynamodb_port"
export AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$dynamodb_port"
export AWS_ENDPOINT_URL_KINESIS="http://127.0.0.1:$kinesis_port"

# 3. The filter Lambda under the local event-source runner: the table's stream into Kinesis.
"$JAVA_HOME/bin/java" -jar lambda-filter/target/lambda-filter.jar local --table accounts --stream "$stream" \
    --checkpoint-file "$logs/checkpoints.json" >"$logs/lambda-filter.log" 2>&1 &
pids+=($!)

# 4. AccountStream: snapshots from the table, changes from the Kinesis stream.
"$JAVA_HOME/bin/java" -jar app/target/accountstream.jar accountstream.mode=aws accountstream.feed=kinesis \
    accountstream.kinesis.stream="$stream" "$@" >"$logs/accountstream.log" 2>&1 &
pids+=($!)
echo "kinesis-mock, the demo table and the filter Lambda are up; logs in $logs. AccountStream:" >&2
tail -n +1 -f "$logs/accountstream.log" &
pids+=($!)

wait -n "${pids[@]}" || true
echo "a process of the chain ended; stopping the others (logs in $logs)" >&2
