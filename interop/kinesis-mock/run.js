#!/usr/bin/env node
'use strict';
/*
 * Runs kinesis-mock (npm kinesis-local) in this process, configured by its environment variables
 * (KINESIS_MOCK_PLAIN_PORT, INITIALIZE_STREAMS, ...), and exits when stdin ends: a test or script
 * that started it and died leaves no server behind.
 *
 *   node run.js < /dev/null is pointless; give it a pipe, e.g.  sleep infinity | node run.js
 */
const path = require('path');

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.env.KINESIS_MOCK_CERT_PATH = process.env.KINESIS_MOCK_CERT_PATH
  || path.join(__dirname, 'node_modules', 'kinesis-local', 'server.json');
require('kinesis-local');
