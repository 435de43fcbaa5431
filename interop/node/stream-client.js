#!/usr/bin/env node
'use strict';
/*
 * Interop test client (grpc-js) for org.signal.AccountStreamService/StreamAccountData.
 *
 *   node stream-client.js --target 127.0.0.1:50051 [--token <base64url-no-padding>]
 *       [--start <hex>] [--limit <hex>] [--max-seconds 60] [--proto <path>] [--ca-file <pem>]
 *       [--resumable-snapshot]
 *
 * --resumable-snapshot sets resumable_snapshot = 4: snapshot messages carry tokens too, and
 * resuming with one continues the snapshot (DESIGN §6).
 * Opens ONE server-streaming call (no compression; plaintext, or TLS with --ca-file: the server's
 * certificate must chain to a certificate in that PEM file and name the target's host) and prints
 * one JSON object per received message on stdout, one per line:
 *   {"clear_all":false,"dataset_current":false,"token":"<base64url>","records":[{"e164":14155550100,
 *    "aci":"<hex>","pni":"<hex>","uak":"<hex>","removed_aci":"<hex>"}]}
 * Exit 0: stdin reached EOF, --max-seconds elapsed (call cancelled), or the server ended the stream OK.
 * Exit 3: the call failed; stdout gets {"error":{"code":<grpc status>,"details":"..."}}.
 * Exit 2: bad command line. Stderr is for diagnostics only.
 */

const fs = require('fs');
const path = require('path');

const USAGE = 'usage: stream-client --target HOST:PORT [--token <base64url-no-padding>] '
  + '[--start <hex>] [--limit <hex>] [--max-seconds 60] [--proto <path>] [--ca-file <pem>] '
  + '[--resumable-snapshot]';
const DEFAULT_PROTO = path.resolve(__dirname, '../../wire/src/main/proto/accountstream.proto');

function die(msg) {
  process.stderr.write(`stream-client: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { target: null, token: '', start: '', limit: '', maxSeconds: 60, proto: DEFAULT_PROTO, caFile: '',
    resumableSnapshot: false };
  const names = { '--target': 'target', '--token': 'token', '--start': 'start', '--limit': 'limit',
    '--max-seconds': 'maxSeconds', '--proto': 'proto', '--ca-file': 'caFile' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    if (arg === '--resumable-snapshot') {
      opts.resumableSnapshot = true;
      continue;
    }
    const key = names[arg];
    if (!key) die(`unknown argument: ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) die(`missing value for ${arg}`);
      value = argv[++i];
    }
    opts[key] = value;
  }
  if (!opts.target) die('--target is required');
  const secs = Number(opts.maxSeconds);
  if (!Number.isFinite(secs) || secs < 0) die(`--max-seconds must be a number >= 0 (0 = no limit): ${opts.maxSeconds}`);
  opts.maxSeconds = secs;
  opts.proto = path.resolve(opts.proto);
  return opts;
}

function hexToBuffer(name, s) {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) die(`${name} must be an even-length hex string: ${s}`);
  return Buffer.from(s, 'hex');
}

function base64UrlToBuffer(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) die(`--token must be base64url without padding: ${s}`);
  return Buffer.from(s, 'base64url');
}

const hex = (b) => (b ? Buffer.from(b).toString('hex') : '');
const b64url = (b) => (b ? Buffer.from(b).toString('base64url') : ''); // Node emits no '=' padding

function int64Literal(v) {
  // longs: String keeps int64 precision; emit the digits unquoted as a JSON number.
  const s = v === undefined || v === null ? '0' : String(v);
  if (!/^-?\d+$/.test(s)) throw new Error(`unexpected e164 value: ${s}`);
  return s;
}

function messageToJson(m) {
  const records = (m.records || []).map((r) => '{"e164":' + int64Literal(r.e164)
    + ',"aci":' + JSON.stringify(hex(r.aci))
    + ',"pni":' + JSON.stringify(hex(r.pni))
    + ',"uak":' + JSON.stringify(hex(r.uak))
    + ',"removed_aci":' + JSON.stringify(hex(r.removed_aci)) + '}');
  return '{"clear_all":' + (m.clear_all ? 'true' : 'false')
    + ',"dataset_current":' + (m.dataset_current ? 'true' : 'false')
    + ',"token":' + JSON.stringify(b64url(m.continuation_token))
    + ',"records":[' + records.join(',') + ']}';
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const shard = { start: hexToBuffer('--start', opts.start), limit: hexToBuffer('--limit', opts.limit) };
  const token = base64UrlToBuffer(opts.token);

  let grpc;
  let protoLoader;
  try {
    grpc = require('@grpc/grpc-js');
    protoLoader = require('@grpc/proto-loader');
  } catch (e) {
    process.stderr.write(`stream-client: cannot load grpc-js (run scripts/install-test-clients.sh): ${e.message}\n`);
    process.exit(2);
  }
  let definition;
  try {
    definition = protoLoader.loadSync(opts.proto, {
      keepCase: true, longs: String, enums: Number, bytes: Buffer, defaults: true, oneofs: true,
    });
  } catch (e) {
    die(`cannot load proto ${opts.proto}: ${e.message}`);
  }
  const pkg = grpc.loadPackageDefinition(definition);
  const Service = pkg.org.signal.AccountStreamService;
  let credentials = grpc.credentials.createInsecure();
  if (opts.caFile) {
    let ca;
    try {
      ca = fs.readFileSync(opts.caFile);
    } catch (e) {
      die(`cannot read --ca-file: ${e.message}`);
    }
    credentials = grpc.credentials.createSsl(ca);
  }
  const client = new Service(opts.target, credentials, {
    'grpc.default_compression_algorithm': 0, // identity: never compress requests
  });

  let finished = false;
  let timer = null;
  const finish = (code, lastLine) => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    try { call.cancel(); } catch (_) { /* already done */ }
    try { client.close(); } catch (_) { /* ignore */ }
    try { process.stdin.destroy(); } catch (_) { /* ignore */ }
    const exit = () => setTimeout(() => process.exit(code), 50); // let RST_STREAM reach the socket
    if (lastLine !== undefined) process.stdout.write(lastLine + '\n', exit);
    else exit();
  };

  process.stdout.on('error', (e) => {
    // Reader went away (EPIPE): nobody left to report to.
    process.stderr.write(`stream-client: stdout: ${e.message}\n`);
    finished = true;
    process.exit(0);
  });

  const call = client.StreamAccountData({
    shard, last_continuation_token: token, resumable_snapshot: opts.resumableSnapshot });

  let status = null;
  let ended = false;
  const settle = () => {
    if (!status || !ended) return;
    if (status.code === grpc.status.OK) finish(0);
    else finish(3, JSON.stringify({ error: { code: status.code, details: status.details || '' } }));
  };
  call.on('data', (m) => {
    if (finished) return;
    process.stdout.write(messageToJson(m) + '\n');
  });
  call.on('error', () => { /* reported through 'status' */ });
  call.on('status', (s) => {
    status = s;
    // 'end' normally follows once buffered messages are delivered; don't wait forever for it.
    setTimeout(() => { ended = true; settle(); }, 500).unref();
    settle();
  });
  call.on('end', () => { ended = true; settle(); });

  if (opts.maxSeconds > 0) {
    timer = setTimeout(() => {
      process.stderr.write(`stream-client: --max-seconds ${opts.maxSeconds} elapsed, cancelling\n`);
      finish(0);
    }, opts.maxSeconds * 1000);
  }

  // The parent stops us by closing our stdin (or by dying, which closes it too).
  process.stdin.on('data', () => {});
  const stdinClosed = () => {
    if (!finished) process.stderr.write('stream-client: stdin closed, cancelling\n');
    finish(0);
  };
  process.stdin.on('end', stdinClosed);
  process.stdin.on('close', stdinClosed);
  process.stdin.on('error', stdinClosed);
  process.stdin.resume();
}

main();
