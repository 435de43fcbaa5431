'use strict';
// Opens AccountStream's live page in Debian's headless Chromium (puppeteer-core drives it over
// the DevTools protocol; no browser is downloaded). Shared by page-check.js and screenshot.js.
const puppeteer = require('puppeteer-core');

const CHROMIUM = '/usr/bin/chromium';
/** Failure bound for the page to hold the whole current dataset (a cold start on a busy machine). */
const CURRENT_TIMEOUT_MS = 90_000;

/** `--name value` pairs into an object; every name in `required` must be there. */
function parseArgs(argv, required) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument: ${argv[i]}`);
    options[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of required) if (!options[name]) throw new Error(`--${name} is required`);
  return options;
}

/** One line of JSON on stdout: what the test reads. */
function print(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

/**
 * Launches Chromium and opens `url`. Any error the page reports (an exception, console.error, a
 * failed load) calls `onPageError` with its text.
 */
async function openPage(url, onPageError, viewport = { width: 1200, height: 900 }) {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true, // puppeteer passes --headless=new
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    defaultViewport: viewport,
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => onPageError(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') onPageError(`console error: ${message.text()} (${message.location().url ?? ''})`);
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Waits until the page holds the whole current dataset; answers how many records it holds. */
async function awaitCurrent(page) {
  await page.waitForFunction(() => document.body.dataset.state === 'current',
    { polling: 'mutation', timeout: CURRENT_TIMEOUT_MS });
  return page.evaluate(() => Number(document.body.dataset.records ?? 0));
}

/** Runs `main`; a failure (or a page error, via the `fail` it is given) prints {"error"} and exits 1. */
function run(main) {
  let browser = null;
  const fail = async (message) => {
    print({ error: String(message) });
    await browser?.close().catch(() => {});
    process.exit(1);
  };
  main({ fail, opened: (b) => { browser = b; } })
    .then(() => browser?.close())
    .then(() => process.exit(0), (error) => fail(error?.stack ?? error));
}

module.exports = { parseArgs, print, openPage, awaitCurrent, run };
