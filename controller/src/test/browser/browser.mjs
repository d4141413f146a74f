// Debian's chromium driven by playwright-core (never `playwright install`): headless, fresh profile.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page in a fresh Chromium profile; the page's errors, dialogs and CSP reports are collected. */
export async function open({ width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'manybot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS,
    viewport: { width, height }, timeout: 60000,
  });
  const page = context.pages()[0] || await context.newPage();
  // a bound, not a timing claim: a cycle the page waits for can take a minute or more on a loaded machine
  page.setDefaultTimeout(180000);
  const seen = { errors: [], dialogs: [], csp: [], console: [] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy/i.test(text)) seen.csp.push(text);
    if (m.type() === 'error') seen.console.push(text);
  });
  return {
    page, seen,
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** --name value pairs of argv. */
export function args() {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  return out;
}

/** Runs the scenario; prints one JSON line of results, or the failure (exit 1). */
export async function run(scenario) {
  let browser;
  try {
    browser = await open();
    const results = await scenario(browser);
    results.errors = browser.seen.errors; results.dialogs = browser.seen.dialogs; results.csp = browser.seen.csp;
    results.consoleErrors = browser.seen.console;
    console.log('RESULT ' + JSON.stringify(results));
  } catch (e) {
    console.error('FAILED ' + (e && e.stack || e));
    if (browser) console.error('page errors: ' + JSON.stringify(browser.seen));
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close();
  }
}
