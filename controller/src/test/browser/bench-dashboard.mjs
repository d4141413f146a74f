// The dashboard's first paint and live updates at scale (bench/dashboard.sh, DashboardBenchmark).
import { open, args } from './browser.mjs';

const a = args();
const rounds = Number(a.rounds || 5);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const pctl = (xs, p) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const fmt = (xs) => `${Math.round(median(xs))} ms (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))})`;

async function firstPaint(hash, ready) {
  const times = [];
  for (let i = 0; i <= rounds; i++) {
    const b = await open();
    try {
      await b.page.goto(a.url + '/ui/#/' + hash, { waitUntil: 'commit' });
      await b.page.waitForFunction(ready, null, { polling: 'raf' });
      const t = await b.page.evaluate(() => performance.now());
      if (i > 0) times.push(t);   // round 0 warms the server's JIT
    } finally { await b.close(); }
  }
  return { times };
}

const goals = await firstPaint('goals', () => document.querySelectorAll('article.goal .kr .chart canvas').length >= 2);
const bots = await firstPaint('bots', () => document.querySelectorAll('tbody tr[data-key]').length >= 50);

// Live: the page open on the bots table; the benchmark writes phase events into the state.
const b = await open();
let live;
try {
  await b.page.goto(a.url + '/ui/#/bots');
  await b.page.waitForFunction(() => document.querySelectorAll('tbody tr[data-key]').length >= 50);
  await b.page.evaluate(() => {
    window.__lat = { feed: [], row: [] };
    const sent = new Map(), shown = new Set();
    new MutationObserver(() => {
      const now = Date.now();
      for (const li of document.querySelectorAll('ul.feed li')) {
        const m = /phase (P\d+) t=(\d+)/.exec(li.textContent);
        if (m && !sent.has(m[1])) { sent.set(m[1], Number(m[2])); window.__lat.feed.push(now - Number(m[2])); }
      }
      for (const td of document.querySelectorAll('tbody [data-phase^="P"]')) {
        const p = td.dataset.phase;
        if (sent.has(p) && !shown.has(p)) { shown.add(p); window.__lat.row.push(now - sent.get(p)); }
      }
    }).observe(document.querySelector('main'), { childList: true, subtree: true });
  });
  const events = Number(a.events || 60);
  await b.page.waitForFunction((n) => window.__lat.row.length >= n, events, { timeout: 600000 });
  live = await b.page.evaluate(() => window.__lat);
} finally { await b.close(); }

const apiBots = [];
for (let i = 0; i < 6; i++) { const t = performance.now(); await (await fetch(a.url + '/api/v1/bots')).text(); if (i) apiBots.push(performance.now() - t); }
const apiGoals = [];
for (let i = 0; i < 6; i++) { const t = performance.now(); await (await fetch(a.url + '/api/v1/goals')).text(); if (i) apiGoals.push(performance.now() - t); }

console.log(`\n| Measure (${a.bots} bots, ${a.cycles} cycles, ${rounds} fresh page loads each) | median (min, max) |`);
console.log('|---|---|');
console.log(`| First paint of the goals page: navigation → both burn-up charts drawn (1,000 points each) | ${fmt(goals.times)} |`);
console.log(`| First paint of the bots page: navigation → the first 50 of ${a.bots} rows | ${fmt(bots.times)} |`);
console.log(`| \`GET /api/v1/bots\` (${a.bots} bots with their last cycle's outcome) | ${fmt(apiBots)} |`);
console.log(`| \`GET /api/v1/goals\` (evaluated from the latest measurements) | ${fmt(apiGoals)} |`);
console.log(`| Live: event written to the state → shown in the page's activity feed (${live.feed.length} events, 20/s) | ${fmt(live.feed)}, p95 ${Math.round(pctl(live.feed, 0.95))} ms |`);
console.log(`| Live: event written → the bot's row redrawn with its new phase (${live.row.length} events) | ${fmt(live.row)}, p95 ${Math.round(pctl(live.row, 0.95))} ms |`);
