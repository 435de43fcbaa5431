#!/usr/bin/env node
'use strict';
// Screenshots AccountStream's live page once it holds the current dataset (a manual step, see
// scripts/screenshot-page.sh):
//   node screenshot.js --url http://127.0.0.1:8080/ --out page.png [--lookup <e164>] [--wait-ms 12000]
//                      [--scheme light|dark]
// --lookup types a number into the lookup box; --wait-ms lets live changes accumulate first;
// --scheme picks the colour scheme the page is shown in (prefers-color-scheme).
const { parseArgs, print, openPage, awaitCurrent, run } = require('./browser');

run(async ({ fail, opened }) => {
  const options = parseArgs(process.argv.slice(2), ['url', 'out']);
  const { browser, page } = await openPage(options.url, fail);
  opened(browser);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: options.scheme ?? 'light' }]);
  const records = await awaitCurrent(page);
  await new Promise((resolve) => setTimeout(resolve, Number(options['wait-ms'] ?? 12_000)));
  if (options.lookup) await page.type('#lookup', options.lookup);
  await page.screenshot({ path: options.out, fullPage: true });
  print({ state: 'current', records, screenshot: options.out });
});
