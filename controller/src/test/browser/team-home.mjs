// A bot's team on its page (TeamDashboardBrowserTest): the child's queue, the lead's children, unread handoff and scratchpad.
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  const r = {};
  await page.goto(a.url + '/ui/#/bot/' + a.child);
  await page.waitForSelector('#team #team-queue table');
  r.childParent = await page.textContent('#team [data-field="parent"]');
  r.childQueue = await page.$$eval('#team-queue tbody tr', (rows) => rows.map((row) => row.textContent));
  await page.goto(a.url + '/ui/#/bot/' + a.lead);
  await page.waitForSelector('#team #team-scratchpad');
  r.leadChildren = await page.textContent('#team [data-field="children"]');
  r.leadInbox = await page.$$eval('#team-inbox li', (items) => items.map((li) => li.textContent));
  r.leadScratchpad = await page.textContent('#team-scratchpad');
  await page.goto(a.url + '/ui/#/bot/' + a.child);
  await page.waitForSelector('#team #team-queue');
  await page.click('#team [data-field="parent"] a');
  await page.waitForFunction((lead) => location.hash === '#/bot/' + lead && document.querySelector('#team-scratchpad'), a.lead);
  r.followedParent = true;
  return r;
});
