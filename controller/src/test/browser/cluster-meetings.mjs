// A Meeting of the cluster home on the Meetings page (OperatorMeetingTest): its row and the last minutes its status keeps.
import { args, run } from './browser.mjs';

const a = args();
await run(async ({ page }) => {
  const r = {};
  await page.goto(a.url + '/ui/?namespace=' + encodeURIComponent(a.namespace) + '#/meetings');
  const section = `section.minutes[data-meeting="${a.meeting}"]`;
  await page.waitForSelector(section);
  const row = `tr[data-key="${a.meeting}"]`;
  r.schedule = await page.textContent(row + ' td:nth-of-type(1) code');
  r.lastHeld = await page.textContent(row + ' [data-field="last-held"]');
  r.next = await page.textContent(row + ' [data-field="next"]');
  r.minutesId = await page.getAttribute(section, 'data-minutes');
  r.decisions = await page.$$eval(section + ' ol.decisions li', (items) => items.map((li) => li.textContent));
  r.actions = await page.$$eval(section + ' .actions-taken tbody tr', (rows) => rows.map((tr) => tr.textContent));
  r.proposalBranch = await page.textContent(section + ' [data-field="proposal"]');
  await page.click(`a[href="#/minutes/${encodeURIComponent(r.minutesId)}"]`);
  await page.waitForFunction((id) => document.querySelector(`#view section.minutes[data-minutes="${id}"]`) && location.hash.startsWith('#/minutes/'), r.minutesId);
  r.minutesPage = true;
  return r;
});
