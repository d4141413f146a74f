// Meetings and pull requests (MeetingsDashboardBrowserTest): the meeting's row and last minutes, the action item's bot,
// the bot's proposals, and the cycle's pull request link.
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  const r = {};
  await page.goto(a.url + '/ui/#/meetings');
  const section = `section.minutes[data-meeting="${a.meeting}"]`;
  await page.waitForSelector(section);
  const row = `tr[data-key="${a.meeting}"]`;
  r.meeting = await page.textContent(row + ' th strong');
  r.schedule = await page.textContent(row + ' td:nth-of-type(1) code');
  r.lastHeld = await page.textContent(row + ' [data-field="last-held"]');
  r.next = await page.textContent(row + ' [data-field="next"]');
  r.minutesId = await page.getAttribute(section, 'data-minutes');
  r.decisions = await page.$$eval(section + ' ol.decisions li', (items) => items.map((li) => li.textContent));
  r.actions = await page.$$eval(section + ' .actions-taken tbody tr', (rows) => rows.map((tr) => tr.textContent));
  r.proposalBranch = await page.textContent(section + ' [data-field="proposal"]');
  const pr = await page.$(section + ' a[data-field="pull-request"]');
  r.meetingPullRequest = { href: await pr.getAttribute('href'), text: await pr.textContent() };
  await page.screenshot({ path: a.screenshots + '/dashboard-meetings.png', fullPage: true });
  // The action item's bot links to its page, which lists its proposals with their pull requests.
  await page.click(section + ' .actions-taken tbody tr th a');
  await page.waitForSelector('#proposals table');
  r.actionBotHash = await page.evaluate(() => location.hash);
  r.proposals = await page.$$eval('#proposals tbody tr', (rows) => rows.map((tr) => tr.textContent));
  r.proposalPullRequest = await page.getAttribute('#proposals tbody tr:first-child a[data-field="pull-request"]', 'href');
  await page.goto(a.url + '/ui/#/cycle/' + encodeURIComponent(a.cycle));
  await page.waitForSelector('a[data-field="pull-request"]');
  r.cyclePullRequest = await page.getAttribute('a[data-field="pull-request"]', 'href');
  return r;
});
