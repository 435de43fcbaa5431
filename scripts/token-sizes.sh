#!/usr/bin/env bash
# Continuation token sizes with AWS-shaped values, token format versions 1 and 2: whole-table tokens
# of 1, 4, 64 and 1,000 Kinesis and DynamoDB Streams shards, and a token in the middle of a
# 64-segment snapshot; bytes and base64url characters (the SSE event id). README shows the table.
#   scripts/token-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-class.sh
run_test_class domain org.accountstream.domain.TokenSizes "" "$@"
