#!/usr/bin/env node
'use strict';
// Checks AccountStream's live page in headless Chromium, for WebPageTest (app module):
//   node page-check.js --url http://127.0.0.1:PORT/
// 1. waits until the page holds the current dataset; prints {"state":"current","records":N}
// 2. reads an e164 from stdin (the test has just written a change to it), waits until the page's
//    last changes list shows it, looks it up in the page's lookup box; prints {"seen":"<e164>","aci":"<aci>"}
// Exits 0 then. Any page error, or stdin ending first: prints {"error":"..."} and exits 1.
// The waits are event-driven (DOM mutations); their timeouts only bound a failure.
const readline = require('node:readline');
const { parseArgs, print, openPage, awaitCurrent, run } = require('./browser');

const CHANGE_TIMEOUT_MS = 60_000;

/** The first line on stdin. */
function readLine() {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: process.stdin });
    const ended = () => reject(new Error('stdin ended before an e164 came'));
    lines.once('close', ended);
    lines.once('line', (line) => {
      lines.off('close', ended);
      lines.close();
      resolve(line.trim());
    });
  });
}

run(async ({ fail, opened }) => {
  const { url } = parseArgs(process.argv.slice(2), ['url']);
  const { browser, page } = await openPage(url, fail);
  opened(browser);
  print({ state: 'current', records: await awaitCurrent(page) });

  const e164 = await readLine();
  if (!/^\d{1,15}$/.test(e164)) throw new Error(`not an e164: ${e164}`);
  await page.waitForFunction((number) => document.querySelector(`#changes li[data-e164="${number}"]`) !== null,
    { polling: 'mutation', timeout: CHANGE_TIMEOUT_MS }, e164);
  await page.type('#lookup', `+${e164}`);
  const answer = await page.waitForFunction(() => document.getElementById('answer').dataset.aci,
    { polling: 'mutation', timeout: CHANGE_TIMEOUT_MS });
  print({ seen: e164, aci: await answer.jsonValue() });
});
