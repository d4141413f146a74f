// The dashboard against `manybot run --http` (DashboardBrowserTest): goals with charts, a live
// cycle, pause without and with a key, the ownership verdict, a commit message with a script tag.
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  const r = {};
  await page.goto(a.url + '/ui/#/goals');
  await page.waitForFunction(() => document.querySelectorAll('article.goal').length >= 2
    && [...document.querySelectorAll('article.goal')].every((g) => g.querySelector('.kr .chart canvas')));
  r.goals = await page.$$eval('article.goal', (gs) => gs.map((g) => g.dataset.goal));
  r.charts = await page.$$eval('.kr .chart canvas', (cs) => cs.length);
  r.goalBadges = await page.$$eval('article.goal h2 .badge', (bs) => bs.map((b) => b.textContent));
  await page.waitForSelector('#live.on');   // the event stream is connected
  if (a.screenshots) await page.screenshot({ path: a.screenshots + '/dashboard-goals.png', fullPage: true });

  // From here on the page is never reloaded: a mark on window survives only without a reload.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('a[data-nav="bots"]');
  const row = (bot) => `tr[data-key="${bot}"]`;
  await page.waitForSelector(row(a.pauseBot));
  await page.waitForSelector(row(a.triggerBot));
  const lastCycle = async (bot) => page.$eval(row(bot) + ' td:nth-child(5) a', (l) => l.textContent).catch(() => null);
  r.cycleBefore = await lastCycle(a.triggerBot);

  // No key: refused, and the bot stays as it was.
  await page.click(`${row(a.pauseBot)} button[data-action="pause"]`);
  await page.waitForFunction(() => /refused \(401\)/.test(document.querySelector('#notice').textContent));
  r.pauseWithoutKey = await page.textContent('#notice');

  await page.fill('#credential', a.key);
  await page.click(`${row(a.triggerBot)} button[data-action="trigger"]`);
  // First the answer to the click, then the row: a timeout says which of them did not come, and what was there.
  const explain = async (what, error) => new Error(`${what}: ${error.message}; notice: ${await page.textContent('#notice')}; `
    + `row: ${await page.textContent(row(a.triggerBot))}; live: ${await page.textContent('#live')}; `
    + `API: ${await (await fetch(a.url + '/api/v1/bots/' + a.triggerBot)).text()}`);
  await page.waitForFunction((bot) => new RegExp('trigger ' + bot + ': ').test(document.querySelector('#notice').textContent), a.triggerBot)
    .catch(async (e) => { throw await explain('no answer to the trigger', e); });
  await page.waitForFunction(([sel, before]) => {
    const l = document.querySelector(sel + ' td:nth-child(5) a');
    return l && l.textContent !== before;
  }, [row(a.triggerBot), r.cycleBefore]).catch(async (e) => { throw await explain('the row shows no new cycle', e); });
  r.cycleAfter = await lastCycle(a.triggerBot);
  await page.waitForSelector(`ul.feed a[data-cycle="${r.cycleAfter}"]`);

  await page.click(`${row(a.pauseBot)} button[data-action="pause"]`);
  await page.waitForFunction((sel) => /PAUSED/.test(document.querySelector(sel).textContent), row(a.pauseBot));
  r.pausedRow = await page.textContent(row(a.pauseBot));
  r.sameDocument = await page.evaluate(() => window.__sameDocument === true);

  // The ownership explorer, reached by keyboard from the navigation.
  await page.focus('a[data-nav="owners"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#owners-path');
  await page.fill('#owners-path', a.ownersPath);
  await page.fill('#owners-as', a.ownersAs);
  await page.press('#owners-as', 'Enter');
  await page.waitForSelector('#verdict .verdict');
  r.verdict = await page.$eval('#verdict .verdict', (v) => ({
    decision: v.dataset.decision, reason: v.querySelector('[data-field="reason"]').textContent,
    decidedBy: (v.querySelector('[data-field="decided-by"]') || {}).textContent || null }));
  r.treeRows = await page.$$eval('main table tbody tr', (rows) => rows.length);

  // The cycle whose review task carries the commit message with a script tag.
  await page.goto(a.url + '/ui/#/cycle/' + encodeURIComponent(a.xssCycle));
  await page.waitForFunction(() => document.querySelector('main').dataset.view === 'cycle' && document.querySelector('main h2 code'));
  r.cycleText = await page.textContent('main');
  r.scripts = await page.$$eval('script', (s) => s.map((x) => x.getAttribute('src')));
  r.xssShownAsText = r.cycleText.includes('<script>alert(1)</script>');
  await page.evaluate(() => { document.querySelector('#notice').hidden = true; document.querySelector('#credential').value = ''; });
  if (a.screenshots) await page.screenshot({ path: a.screenshots + '/dashboard-cycle.png', fullPage: true });

  // A narrow window: nothing wider than the viewport but the tables' own scrolling boxes.
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(a.url + '/ui/#/bots');
  await page.waitForSelector(row(a.pauseBot));
  r.narrowOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return r;
});
