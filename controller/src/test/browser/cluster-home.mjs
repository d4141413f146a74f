// The same page against the operator's API on the fabric8 mock server (DashboardClusterBrowserTest).
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  const r = {};
  await page.goto(a.url + '/ui/?namespace=' + encodeURIComponent(a.namespace) + '#/goals');
  await page.waitForFunction(() => document.querySelectorAll('article.goal').length >= 2
    && [...document.querySelectorAll('article.goal')].every((g) => g.querySelector('.kr .chart canvas')));
  r.goals = await page.$$eval('article.goal', (gs) => gs.map((g) => g.dataset.goal));
  r.charts = await page.$$eval('.kr .chart canvas', (cs) => cs.length);
  r.home = await page.textContent('#home-name');
  r.namespace = await page.$eval('#namespace', (s) => s.value);
  if (a.screenshots) await page.screenshot({ path: a.screenshots + '/dashboard-cluster-goals.png', fullPage: true });

  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('a[data-nav="bots"]');
  const row = `tr[data-key="${a.bot}"]`;
  await page.waitForSelector(row + ' td:nth-child(5) a');
  r.lastCycle = await page.$eval(row + ' td:nth-child(5) a', (l) => l.textContent);
  await page.click(`${row} button[data-action="pause"]`);
  await page.waitForFunction(() => /refused \(401\)/.test(document.querySelector('#notice').textContent));
  r.pauseWithoutKey = await page.textContent('#notice');
  await page.selectOption('#credential-kind', 'key');
  await page.fill('#credential', a.key);
  await page.click(`${row} button[data-action="pause"]`);
  // The operator reconciles the annotation into phase Paused; the event stream brings it to the page.
  await page.waitForFunction((sel) => /PAUSED/.test(document.querySelector(sel).textContent), row);
  r.pausedRow = await page.textContent(row);
  r.sameDocument = await page.evaluate(() => window.__sameDocument === true);

  await page.click(row + ' td:nth-child(5) a');
  await page.waitForFunction(() => document.querySelector('main').dataset.view === 'cycle' && document.querySelector('main h2 code'));
  r.cycleHeading = await page.textContent('main h2');
  r.changedFiles = await page.$$eval('main table', (ts) => {
    const t = ts.find((x) => /Changed files/.test(x.querySelector('caption').textContent));
    return t ? t.querySelectorAll('tbody tr').length : 0;
  });

  await page.click('a[data-nav="owners"]');
  await page.waitForSelector('#owners-path');
  await page.waitForFunction(() => document.querySelectorAll('main table tbody tr').length > 3);
  r.treeRows = await page.$$eval('main table tbody tr', (rows) => rows.length);
  await page.fill('#owners-path', a.ownersPath);
  await page.fill('#owners-as', a.ownersAs);
  await page.press('#owners-as', 'Enter');
  await page.waitForSelector('#verdict .verdict');
  r.verdict = await page.$eval('#verdict .verdict', (v) => ({
    decision: v.dataset.decision, reason: v.querySelector('[data-field="reason"]').textContent,
    decidedBy: (v.querySelector('[data-field="decided-by"]') || {}).textContent || null }));

  await page.click('a[data-nav="directives"]');
  await page.waitForFunction(() => document.querySelector('main').dataset.view === 'directives');
  r.subscriptions = await page.$$eval('main table tbody tr', (rows) => rows.map((x) => x.querySelector('th').textContent));
  return r;
});
