// A cluster cycle's pull request link (ClusterPullRequestDashboardBrowserTest).
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  await page.goto(a.url + '/ui/?namespace=' + encodeURIComponent(a.namespace) + '#/cycle/' + encodeURIComponent(a.bot) + '/' + encodeURIComponent(a.cycle));
  const link = await page.waitForSelector('a[data-field="pull-request"]');
  return { href: await link.getAttribute('href'), text: await link.textContent(), proposal: await page.textContent('[data-field="proposal"]') };
});
