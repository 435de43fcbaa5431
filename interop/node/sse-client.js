#!/usr/bin/env node
'use strict';
/*
 * Interop test client (the npm `eventsource` package: WHATWG EventSource over fetch) for
 * GET /v1/accounts/stream.
 *
 *   node sse-client.js --url http://127.0.0.1:8080/v1/accounts/stream [--last-event-id <id>]
 *       [--token <base64url>] [--access-token <secret>] [--header 'Name: value']...
 *
 * Opens an EventSource and prints one JSON object per line on stdout, as things happen:
 *   {"event":"open"}                                   a response with status 200 began
 *   {"event":"clear"|"records"|"current"|"bookmark","id":<the event's id, or null>,"records":[...]}
 *                                                      ("records" only on records events, the data as sent)
 *   {"event":"error","status":<HTTP status or null>,"message":"...","body":<a refusal's body or null>,
 *    "reconnecting":true|false,"at":<epoch ms>}
 *                                                      reconnecting false: EventSource gave up (any status
 *                                                      but 200 makes it give up, as the standard says)
 * Reconnection is EventSource's own (after `retry:`, with Last-Event-ID). --token and --access-token become the query parameters token and
 * access_token. --last-event-id is sent as the Last-Event-ID header until EventSource has an id of
 * its own (EventSource cannot be given one). --header adds a request header (e.g. Authorization)
 * through EventSource's fetch option.
 * Exit 0: stdin reached EOF (the parent stops us so). Exit 2: bad command line.
 */

const USAGE = 'usage: sse-client --url <stream url> [--last-event-id <id>] [--token <base64url>] '
  + "[--access-token <secret>] [--header 'Name: value']...";
const EVENTS = ['clear', 'records', 'current', 'bookmark'];

function die(msg) {
  process.stderr.write(`sse-client: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { url: null, lastEventId: null, token: null, accessToken: null, headers: {} };
  const names = { '--url': 'url', '--last-event-id': 'lastEventId', '--token': 'token',
    '--access-token': 'accessToken', '--header': 'header' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    const key = names[arg];
    if (!key) die(`unknown argument: ${arg}`);
    if (i + 1 >= argv.length) die(`missing value for ${arg}`);
    const value = argv[++i];
    if (key === 'header') {
      const colon = value.indexOf(':');
      if (colon <= 0) die(`--header must be 'Name: value': ${value}`);
      opts.headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
    } else {
      opts[key] = value;
    }
  }
  if (!opts.url) die('--url is required');
  let url;
  try {
    url = new URL(opts.url);
  } catch (e) {
    die(`bad --url: ${e.message}`);
  }
  if (opts.token !== null) url.searchParams.set('token', opts.token);
  if (opts.accessToken !== null) url.searchParams.set('access_token', opts.accessToken);
  opts.url = url;
  return opts;
}

// A pipe to the parent is written synchronously on Linux: each line leaves as soon as it is printed.
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let EventSource;
  try {
    ({ EventSource } = require('eventsource'));
  } catch (e) {
    process.stderr.write(`sse-client: cannot load eventsource (run scripts/install-test-clients.sh): ${e.message}\n`);
    process.exit(2);
  }

  let lastId = opts.lastEventId; // the last id received (EventSource keeps its own too)
  let refusal = null; // the last response that was not 200: EventSource reads neither its body nor headers

  // EventSource's own request, plus our headers and, until that EventSource has an id of its own, lastId.
  const withHeaders = async (input, init) => {
    const headers = { ...opts.headers, ...init.headers };
    if (lastId !== null && !('Last-Event-ID' in init.headers)) {
      headers['Last-Event-ID'] = lastId;
    }
    refusal = null;
    const response = await fetch(input, { ...init, headers });
    if (response.status !== 200) {
      refusal = { body: await response.text() };
    }
    return response;
  };

  const source = new EventSource(opts.url, { fetch: withHeaders });
  source.addEventListener('open', () => print({ event: 'open' }));
  source.addEventListener('error', (e) => {
    const reconnecting = source.readyState === source.CONNECTING;
    print({
      event: 'error',
      status: e.code === undefined ? null : e.code,
      message: e.message || '',
      body: refusal === null ? null : refusal.body,
      reconnecting,
      at: Date.now(),
    });
  });
  for (const name of EVENTS) {
    source.addEventListener(name, (e) => {
      if (e.lastEventId) lastId = e.lastEventId;
      const line = { event: name, id: e.lastEventId || null };
      if (name === 'records') line.records = JSON.parse(e.data);
      print(line);
    });
  }

  process.stdout.on('error', () => process.exit(0)); // the reader went away (EPIPE)
  const stop = () => {
    source.close();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

main();
