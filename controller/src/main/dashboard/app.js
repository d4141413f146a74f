// The Manybot dashboard: one page for both homes (the local `manybot run --http` and the operator).
// It reads the REST API and the event stream of the server that serves it. Every string from the
// server is put into the page as text nodes (never parsed as markup), so a commit message or a path
// is shown, not run. The credential for writes stays in this tab's memory; it is never stored.
'use strict';
(function () {
  const PAGE = 50;                       // rows per table page
  const state = { home: null, ns: null, bots: new Map(), feed: [], source: null, view: null, refresh: new Map(), seen: new Map() };

  // ---- DOM helpers: text only ----
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const $ = (sel) => document.querySelector(sel);
  const enc = encodeURIComponent;
  function fmtTime(s) { if (!s) return '—'; const d = new Date(s); return isNaN(d) ? String(s) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'); }
  function pct(v) { return v === null || v === undefined || isNaN(v) ? '—' : Math.round(v) + '%'; }
  function ms(v) { if (v === null || v === undefined) return '—'; return v < 1000 ? v + ' ms' : (v / 1000).toFixed(1) + ' s'; }
  function timeLeft(deadline) {
    if (!deadline) return '';
    const d = (new Date(deadline) - Date.now()) / 86400000;
    if (isNaN(d)) return '';
    if (d < 0) return 'overdue by ' + Math.ceil(-d) + ' day(s)';
    return d < 1 ? 'less than a day left' : Math.floor(d) + ' day(s) left';
  }
  function badge(kind, text) { return h('span', { class: 'badge ' + kind }, text); }
  function stateBadge(s) {
    if (!s) return badge('none', 'UNKNOWN');
    const t = String(s).toUpperCase().replace(/-/g, '_');
    if (t === 'ACHIEVED' || t === 'ON_TRACK') return badge('ok', t.replace('_', ' '));
    if (t === 'OFF_TRACK' || t === 'OVERDUE') return badge('bad', t.replace('_', ' ') + ' (at risk)');
    return badge('none', t.replace('_', ' '));
  }
  function goalBadge(g) {
    if (g.atRisk) return badge('bad', 'AT RISK');
    if (g.onTrack === true) return badge('ok', 'ON TRACK');
    return badge('none', 'NO DATA');
  }
  function notice(text, ok) {
    const n = $('#notice');
    n.textContent = text; n.className = 'notice' + (ok ? ' ok' : ''); n.hidden = !text;
    if (text) setTimeout(() => { if (n.textContent === text) n.hidden = true; }, 8000);
  }

  // ---- the API of the home that serves the page ----
  // The credential, when given, goes with reads too: the local home bound off loopback wants a key for them.
  function credentialHeaders() {
    const headers = { Accept: 'application/json' };
    const cred = $('#credential').value.trim();
    if (cred) {
      if ($('#credential-kind').value === 'token') headers.Authorization = 'Bearer ' + cred;
      else headers['X-API-Key'] = cred;
    }
    return headers;
  }
  async function get(path) {
    const r = await fetch(path, { headers: credentialHeaders(), credentials: 'same-origin' });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || (r.status + ' ' + r.statusText));
    return body;
  }
  async function post(path) {
    const r = await fetch(path, { method: 'POST', headers: credentialHeaders(), credentials: 'same-origin' });
    const body = await r.json().catch(() => ({}));
    return { ok: r.ok, status: r.status, body };
  }

  const local = {
    base: '/api/v1',
    async goals() {
      return (await get('/api/v1/goals')).map((g) => {
        const ev = g.evaluation || {};
        const evs = new Map((ev.keyResults || []).map((k) => [k.name, k]));
        return {
          name: g.name, objective: g.objective, start: g.start, deadline: g.deadline,
          progress: ev.progress, onTrack: ev.onTrack, atRisk: !!ev.atRisk, bots: (g.bots || []).map((b) => b.name),
          krs: (g.keyResults || []).map((k) => {
            const e = evs.get(k.name) || {};
            return { name: k.name, unit: k.unit, baseline: k.baseline, target: k.target, direction: k.direction,
              deadline: k.deadline || e.deadline || g.deadline, current: e.current, progress: e.progress, expected: e.expected, state: e.state };
          }),
        };
      });
    },
    async history(goal) { return (await get('/api/v1/goals/' + enc(goal) + '/history')).keyResults || {}; },
    async bots() { return (await get('/api/v1/bots')).map(local.bot); },
    async botOne(name) { return local.bot(await get('/api/v1/bots/' + enc(name))); },
    bot(b) {
      return { name: b.name, mode: b.mode, phase: b.phase, goal: b.goal, progress: b.progress, atRisk: b.atRisk,
        paused: !!b.paused || !!b.pausedByDirectives, pausedBy: b.pausedByDirectives ? 'directives' : (b.paused ? 'paused' : null),
        lastCycleId: b.lastCycleId || (b.lastCycle && b.lastCycle.id), lastOutcome: b.lastCycleOutcome || (b.lastCycle && (b.lastCycle.outcome || 'running')),
        nextCycleAt: b.nextCycleAt, circuitOpenUntil: b.circuitOpenUntil };
    },
    async cycles(bot) {
      return (await get('/api/v1/bots/' + enc(bot) + '/cycles?limit=500')).map((c) => ({ id: c.id, bot: c.bot, trigger: c.trigger,
        phase: c.phase, outcome: c.outcome, startedAt: c.startedAt, finishedAt: c.finishedAt, error: c.error }));
    },
    cycleLink(bot, id) { return '#/cycle/' + enc(id); },
    async cycle(id) {
      const c = await get('/api/v1/cycles/' + enc(id));
      const krs = (c.before && c.before.keyResults || []).map((b) => {
        const a = (c.after && c.after.keyResults || []).find((x) => x.name === b.name) || {};
        return { name: b.name, before: b.current, after: a.current, progressBefore: b.progress, progressAfter: a.progress };
      });
      const landing = c.landing || {};
      return { id: c.id, bot: c.bot, goal: c.goal, trigger: c.trigger, phase: c.phase, outcome: c.outcome,
        startedAt: c.startedAt, finishedAt: c.finishedAt, baseCommit: c.baseCommit, error: c.error,
        timings: (c.timings || []).map((t) => ({ phase: t.phase, millis: t.millis })),
        tasks: c.tasks || [], steps: c.steps || [],
        changes: (c.changes || []).map((f) => ({ path: f.path, change: f.change, decision: f.decision, reason: f.reason, decidedBy: f.decidedBy,
          reviewers: f.reviewers || [], disposition: f.disposition })),
        tests: c.tests, krs, progressBefore: c.before && c.before.progress, progressAfter: c.after && c.after.progress,
        landedCommit: landing.commit, targetRef: landing.targetRef, proposalBranch: landing.proposalBranch, reviewers: landing.reviewers || [],
        pullRequest: landing.pullRequest || null, reflection: c.reflection };
    },
    async proposals(bot) {
      return (await get('/api/v1/bots/' + enc(bot) + '/proposals')).map((p) => ({ branch: p.branch, cycle: p.cycle, title: p.title,
        state: p.state, reason: p.reason, updatedAt: p.updatedAt, pullRequest: { host: p.host, number: p.number, url: p.url, state: p.state, reason: null } }));
    },
    async meetings() {
      const r = await get('/api/v1/meetings?limit=200');
      const minutes = (r.minutes || []).map(local.minutesOf);
      const meetings = [];
      for (const m of r.meetings || []) {
        let last = m.lastMinutes ? minutes.find((x) => x.id === m.lastMinutes) : null;
        if (m.lastMinutes && !last) last = local.minutesOf(await get('/api/v1/meetings/minutes/' + enc(m.lastMinutes)));
        meetings.push({ name: m.name, topic: m.topic, schedule: m.schedule, attendees: m.attendees || [], facilitator: m.facilitator,
          suspended: !!m.suspend, lastHeldAt: m.lastHeldAt, nextAt: m.nextAt, dueSince: m.dueSince, last });
      }
      return { meetings, minutes };
    },
    async minutes(id) { return local.minutesOf(await get('/api/v1/meetings/minutes/' + enc(id))); },
    minutesOf(x) {
      return { id: x.id, meeting: x.meeting, topic: x.topic, heldAt: x.heldAt, trigger: x.trigger, attendees: x.attendees || [],
        facilitatedBy: x.facilitatedBy, error: x.error,
        agenda: (x.agenda || []).map((a) => ({ kind: a.kind, title: a.title, detail: a.detail })),
        decisions: (x.decisions || []).map((d) => ({ text: d.text, rationale: d.rationale })),
        actions: (x.actionItems || []).map((a) => ({ bot: a.bot, title: a.title, paths: a.paths || [], priority: a.priority, taskId: a.taskId })),
        changes: (x.changes || []).map((c) => ({ path: c.path, primary: c.primary, contributor: c.contributor, ownersFile: c.ownersFile, reason: c.reason })),
        proposalBranch: x.proposalBranch, proposalCommit: x.proposalCommit, pullRequest: x.pullRequest || null };
    },
    async ownersTree() { return get('/api/v1/owners/tree'); },
    async owners(path, as) { return get('/api/v1/owners?path=' + enc(path) + (as ? '&as=' + enc(as) : '')); },
    async directives() { try { return await get('/api/v1/directives'); } catch (e) { return { missing: e.message }; } },
    async subscriptions() {
      return (await get('/api/v1/subscriptions')).map((s) => ({ name: s.name, bot: s.bot, trigger: s.trigger, branch: s.branch,
        paths: s.paths || [], schedule: s.schedule, suspended: !!s.suspend, source: s.source }));
    },
    control(bot, action) { return post('/api/v1/bots/' + enc(bot) + '/' + action); },
    async team(bot) {
      const t = await get('/api/v1/bots/' + enc(bot) + '/team');
      return { parent: t.parent, children: t.children || [],
        queue: (t.queue || []).map((q) => ({ id: q.task.id, title: q.task.title, paths: q.task.paths || [], priority: String(q.effective).toLowerCase(),
          was: String(q.task.priority).toLowerCase(), origin: String(q.task.origin).toLowerCase(), from: q.task.from, since: q.task.enqueuedAt })),
        inFlight: (t.inFlight || []).map((f) => ({ id: f.id, title: f.title, paths: f.paths || [] })),
        inbox: (t.inbox || []).map((x) => ({ bot: x.bot, task: x.task, outcome: x.outcome, done: x.done, files: x.files || [], concerns: x.concerns || [] })),
        scratchpad: t.scratchpad && t.scratchpad.text ? { text: t.scratchpad.text, at: t.scratchpad.rewrittenAt, cycle: t.scratchpad.cycleId,
          compressed: !!t.scratchpad.compressed } : null };
    },
    events() { return new EventSource('/api/v1/events'); },
    eventNames: ['phase', 'log'],
    onEvent(name, data) {
      if (!data.bot) return null;
      return { bot: data.bot, cycleId: data.cycleId, text: data.message, at: data.at, phase: data.phase };
    },
  };

  const cluster = {
    get base() { return '/api/v1/namespaces/' + enc(state.ns); },
    async goals() {
      return ((await get(cluster.base + '/goals')).goals || []).map((g) => {
        const spec = g.spec || {}, status = g.status || {};
        const evs = new Map((status.keyResults || []).map((k) => [k.name, k]));
        return {
          name: g.name, objective: spec.objective, start: spec.start, deadline: spec.deadline,
          progress: status.progressPercent, onTrack: status.onTrack, atRisk: !!status.atRisk, bots: status.bots || [],
          krs: (spec.keyResults || []).map((k) => {
            const e = evs.get(k.name) || {};
            return { name: k.name, unit: k.unit, baseline: k.baseline, target: k.target, direction: k.direction,
              deadline: k.deadline || spec.deadline, current: e.current, progress: e.progress, expected: e.expected, state: e.state };
          }),
        };
      });
    },
    async history(goal) { return (await get(cluster.base + '/goals/' + enc(goal) + '/history')).keyResults || {}; },
    async bots() { return ((await get(cluster.base + '/bots')).bots || []).map(cluster.bot); },
    async botOne(name) { return cluster.bot(await get(cluster.base + '/bots/' + enc(name))); },
    bot(b) {
      const s = b.status || {};
      const paused = s.phase === 'Paused' || s.phase === 'Suspended';
      return { name: b.name, mode: b.mode, phase: s.phase || b.phase, goal: b.goal, progress: s.progressPercent, atRisk: s.atRisk,
        paused, pausedBy: paused ? s.phase : null, lastCycleId: s.lastCycle && s.lastCycle.id,
        lastOutcome: s.lastCycle && (s.lastCycle.outcome || s.lastCycle.phase), nextCycleAt: s.nextCycleAt, circuitOpenUntil: null };
    },
    async cycles(bot) {
      return ((await get(cluster.base + '/bots/' + enc(bot) + '/cycles')).cycles || []).map((c) => {
        const s = c.status || {};
        return { id: c.id, bot, trigger: c.trigger, phase: s.phase, outcome: s.outcome, startedAt: s.startedAt, finishedAt: s.finishedAt, error: s.error };
      });
    },
    cycleLink(bot, id) { return '#/cycle/' + enc(bot) + '/' + enc(id); },
    async cycle(bot, id) {
      const list = (await get(cluster.base + '/bots/' + enc(bot) + '/cycles')).cycles || [];
      const c = list.find((x) => x.id === id);
      if (!c) throw new Error('no cycle ' + id + ' of ' + bot + ' (WorkCycles are pruned to the last few)');
      const s = c.status || {};
      const after = new Map((s.keyResultsAfter || []).map((k) => [k.name, k]));
      return { id: c.id, bot, goal: null, trigger: c.trigger, phase: s.phase, outcome: s.outcome, startedAt: s.startedAt, finishedAt: s.finishedAt,
        baseCommit: s.baseCommit, error: s.error, timings: [], tasks: s.tasks || [], steps: [],
        changes: (s.changes || []).map((f) => ({ path: f.path, change: f.change, decision: f.decision, reason: f.reason, decidedBy: f.decidedBy,
          reviewers: f.reviewers || [], disposition: f.disposition })),
        tests: s.tests, krs: (s.keyResultsBefore || []).map((b) => ({ name: b.name, before: b.value, after: (after.get(b.name) || {}).value })),
        progressBefore: s.progressBefore, progressAfter: s.progressAfter, landedCommit: s.landedCommit, targetRef: s.targetRef,
        proposalBranch: s.proposalBranch, reviewers: s.reviewers || [], pullRequest: s.pullRequest || null, reflection: s.reflection };
    },
    async ownersTree(bot) { return get(cluster.base + '/bots/' + enc(bot) + '/owners/tree'); },
    async owners(path, as, bot) { return get(cluster.base + '/bots/' + enc(bot) + '/owners?path=' + enc(path) + (as ? '&as=' + enc(as) : '')); },
    async directives() { try { return await get('/api/v1/directives'); } catch (e) { return { missing: e.message }; } },
    async subscriptions() {
      return ((await get(cluster.base + '/subscriptions')).subscriptions || []).map((s) => {
        const spec = s.spec || {};
        return { name: s.name, bot: spec.bot, trigger: spec.trigger, branch: spec.branch, paths: spec.paths || [], schedule: spec.schedule,
          suspended: !!spec.suspend, source: 'Subscription' };
      });
    },
    control(bot, action) { return post(cluster.base + '/bots/' + enc(bot) + '/' + action); },
    // The cluster API serves no proposal list yet (README: Not yet): a bot's page there has no proposals section.
    proposals: null,
    // A Meeting's status keeps its last minutes only, bounded (lines of text; the pull request as its address).
    async meetings() {
      const list = (await get(cluster.base + '/meetings')).meetings || [];
      const meetings = list.map((m) => {
        const spec = m.spec || {}, status = m.status || {};
        const last = status.lastMinutes ? cluster.minutesOf(m.name, spec, status) : null;
        return { name: m.name, topic: spec.topic, schedule: spec.schedule, attendees: spec.attendees || [], facilitator: spec.facilitator,
          suspended: !!spec.suspend, lastHeldAt: status.lastHeldAt, nextAt: status.nextAt, dueSince: null, last };
      });
      return { meetings, minutes: meetings.filter((m) => m.last).map((m) => m.last) };
    },
    async minutes(id) {
      const found = (await cluster.meetings()).minutes.find((x) => x.id === id);
      if (!found) throw new Error('no minutes ' + id + ' (a Meeting keeps its last minutes only)');
      return found;
    },
    minutesOf(name, spec, status) {
      const x = status.lastMinutes;
      const actions = (x.actions || []).map((line) => {
        const at = line.indexOf(': ');
        return { bot: at > 0 ? line.slice(0, at) : '', title: at > 0 ? line.slice(at + 2) : line, paths: [], priority: '—', taskId: null };
      });
      return { id: x.id, meeting: name, topic: spec.topic, heldAt: status.lastHeldAt, trigger: x.trigger, attendees: spec.attendees || [],
        facilitatedBy: x.facilitatedBy, error: x.error, agenda: (x.agenda || []).map((t) => ({ title: t })),
        decisions: (x.decisionsMade || []).map((t) => ({ text: t })), actions, changes: [], changeCount: x.responsibilityChanges || 0,
        proposalBranch: x.proposalBranch, proposalCommit: x.proposalCommit,
        proposalNote: x.proposalPushed === false ? 'stays on the operator\'s mirror: ' + (x.proposalNotPushed || 'not pushed') : null,
        pullRequest: x.pullRequest ? { url: x.pullRequest, state: null, number: null, host: null } : null };
    },
    async team(bot) {
      const b = await get(cluster.base + '/bots/' + enc(bot));
      const t = (b.status || {}).team;
      if (!t) return null;
      return { parent: t.parent, children: t.children || [],
        queue: (t.queue || []).map((q) => ({ id: q.id, title: q.title, paths: q.paths || [], priority: q.priority, was: q.priority,
          origin: q.origin, from: q.from, since: q.enqueuedAt })),
        inFlight: (t.inFlight || []).map((f) => ({ id: f.id, title: f.title, paths: f.paths || [] })),
        inbox: (t.inbox || []).map((x) => ({ bot: x.bot, task: x.task, outcome: x.outcome, done: x.done, files: x.files || [], concerns: x.concerns || [] })),
        scratchpad: t.scratchpad ? { text: t.scratchpad, at: t.scratchpadRewrittenAt, cycle: t.scratchpadCycle, compressed: !!t.scratchpadCompressed } : null };
    },
    events() { return new EventSource(cluster.base + '/events'); },
    eventNames: ['workcycle', 'manybot', 'directives', 'reset'],
    onEvent(name, data) {
      if (name === 'workcycle') return { bot: data.bot, cycleId: data.id, text: 'cycle ' + (data.phase || '') + (data.outcome ? ' ' + data.outcome : ''), phase: data.phase };
      if (name === 'manybot') return { bot: data.bot, text: 'phase ' + (data.phase || '') };
      return null;
    },
  };
  let api = local;

  // ---- live: the event stream ----
  function connect() {
    if (state.source) state.source.close();
    const live = $('#live');
    const src = api.events();
    state.source = src;
    let lost = false;
    src.onopen = () => {
      live.textContent = 'live'; live.className = 'live on';
      // Events sent while the stream was down are gone: re-read the bots a view shows.
      if (lost && state.view && state.view.onBot) [...state.bots.keys()].forEach(scheduleBotRefresh);
      lost = false;
    };
    src.onerror = () => { lost = true; live.textContent = 'reconnecting…'; live.className = 'live off'; };
    for (const name of api.eventNames) {
      src.addEventListener(name, (e) => {
        let data; try { data = JSON.parse(e.data); } catch (_) { return; }
        const item = api.onEvent(name, data);
        if (!item) return;
        if (item.cycleId) state.seen.set(item.bot, { cycleId: item.cycleId, ended: item.phase === 'DONE' });
        item.at = item.at || new Date().toISOString();
        state.feed.unshift(item);
        if (state.feed.length > 50) state.feed.length = 50;
        // Only a view that shows bots re-reads the bot an event is about.
        if (state.view && state.view.onBot) scheduleBotRefresh(item.bot);
        if (state.view && state.view.onEvent) state.view.onEvent(item);
      });
    }
  }
  // One refresh per bot however many events arrive in a burst, and never two reads of one bot in
  // flight: an older answer arriving after a newer one would put the row back to a past state, and
  // no later event might come to correct it. Events during a read make one more read after it.
  // A home writes a bot's state a little after the events of its cycle (the local home on its next
  // tick, the cluster home when the Manybot's status is reconciled): a read that does not show the
  // cycle the events were about yet is made again, a little later each time, for about half a minute.
  function scheduleBotRefresh(name, attempt) {
    const r = state.refresh.get(name) || { timer: null, reading: false, again: false };
    state.refresh.set(name, r);
    if (r.reading) { r.again = true; return; }
    if (r.timer) return;
    const tries = attempt || 0;
    r.timer = setTimeout(async () => {
      r.timer = null;
      r.reading = true;
      let behind = false;
      try {
        const b = await api.botOne(name);
        state.bots.set(name, b);
        if (state.view && state.view.onBot) state.view.onBot(b);
        behind = lagsEvents(b);
      } catch (_) { /* the bot may be gone */ }
      r.reading = false;
      if (r.again) { r.again = false; scheduleBotRefresh(name); }
      else if (behind && tries < 8) scheduleBotRefresh(name, tries + 1);
    }, tries === 0 ? 100 : Math.min(8000, 250 * 2 ** (tries - 1)));
  }
  // True when the events already told of a newer cycle of this bot, or of the end of the one it shows as running.
  function lagsEvents(b) {
    const seen = state.seen.get(b.name);
    if (!seen) return false;
    return b.lastCycleId !== seen.cycleId || (seen.ended && b.lastOutcome === 'running');
  }

  // ---- tables with pages ----
  function pagedTable({ caption, columns, rows, filterText, pageSize }) {
    const size = pageSize || PAGE;
    let page = 0, filter = '';
    const tbody = h('tbody');
    const info = h('span', { 'aria-live': 'polite' });
    const prev = h('button', { type: 'button', onclick: () => { page--; draw(); } }, '← Previous');
    const next = h('button', { type: 'button', onclick: () => { page++; draw(); } }, 'Next →');
    const search = h('input', { type: 'search', 'aria-label': 'Filter ' + caption, placeholder: 'filter…',
      oninput: (e) => { filter = e.target.value.toLowerCase(); page = 0; draw(); } });
    const table = h('table', {}, h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.cls || null }, c.title)))), tbody);
    let current = rows;
    function visible() { return filter ? current.filter((r) => filterText(r).toLowerCase().includes(filter)) : current; }
    function draw() {
      const list = visible();
      const pages = Math.max(1, Math.ceil(list.length / size));
      page = Math.min(Math.max(0, page), pages - 1);
      tbody.replaceChildren(...list.slice(page * size, page * size + size).map((r) => h('tr', { 'data-key': r.key || null },
        columns.map((c) => h(c.th ? 'th' : 'td', { class: c.cls || null, scope: c.th ? 'row' : null }, c.cell(r))))));
      info.textContent = list.length ? `${page * size + 1}–${Math.min(list.length, page * size + size)} of ${list.length}` : 'none';
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
    }
    draw();
    return { el: h('div', {}, h('div', { class: 'pager' }, search, prev, next, info), h('div', { class: 'table-wrap' }, table)),
      update(rows2) { current = rows2; draw(); } };
  }

  // ---- views ----
  async function goalsView(main) {
    const goals = await api.goals();
    main.replaceChildren(h('h2', {}, 'Goals ', h('span', { class: 'muted' }, goals.length + ' goal(s)')));
    const grid = h('div', { class: 'goals' });
    main.appendChild(grid);
    // Every goal's history at once; each card waits only for its own.
    const histories = goals.map((g) => api.history(g.name).then((x) => ({ ok: x }), (e) => ({ error: e })));
    for (const [i, g] of goals.entries()) {
      const card = h('article', { class: 'goal', 'aria-labelledby': 'goal-' + g.name, 'data-goal': g.name },
        h('h2', { id: 'goal-' + g.name }, g.name, ' ', goalBadge(g)),
        h('p', {}, g.objective || ''),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Progress'), h('dd', {}, h('progress', { max: 100, value: g.progress == null ? 0 : g.progress, 'aria-label': 'progress of ' + g.name }), ' ', pct(g.progress)),
          h('dt', {}, 'Deadline'), h('dd', {}, fmtTime(g.deadline), ' — ', timeLeft(g.deadline)),
          h('dt', {}, 'Bots'), h('dd', {}, g.bots.length ? g.bots.join(', ') : '—')));
      grid.appendChild(card);
      const got = await histories[i];
      const history = got.ok || {};
      if (got.error) card.appendChild(h('p', { class: 'muted' }, 'history: ' + got.error.message));
      for (const kr of g.krs) card.appendChild(krBlock(g, kr, history[kr.name] || []));
    }
    return {};
  }

  function krBlock(goal, kr, points) {
    const unit = kr.unit ? ' ' + kr.unit : '';
    const block = h('section', { class: 'kr', 'data-kr': kr.name },
      h('h3', {}, kr.name, ' ', stateBadge(kr.state)),
      h('p', {}, `${kr.baseline}${unit} → ${kr.target}${unit}; now ${kr.current == null ? 'unknown' : kr.current + unit}`,
        ` (${pct(kr.progress)} done, ${pct(kr.expected)} of the time gone); deadline ${fmtTime(kr.deadline)}, ${timeLeft(kr.deadline)}`));
    const chartBox = h('div', { class: 'chart', role: 'img',
      'aria-label': `Burn-up of ${kr.name}: ${points.filter((p) => p.value != null).length} measurement(s), ideal line from ${kr.baseline} at start to ${kr.target} at the deadline` });
    block.appendChild(chartBox);
    block.appendChild(h('p', { class: 'legend-line' }, 'Solid: measured value. Dashed: ideal line from the baseline at the start to the target at the deadline.'));
    requestAnimationFrame(() => drawChart(chartBox, goal, kr, points));
    return block;
  }

  function drawChart(box, goal, kr, points) {
    if (!window.uPlot) { box.textContent = 'chart library missing'; return; }
    const t0 = Date.parse(goal.start) / 1000, t1 = Date.parse(kr.deadline || goal.deadline) / 1000;
    const measured = points.filter((p) => p.value != null && p.at).map((p) => [Date.parse(p.at) / 1000, p.value]);
    const xs = new Set(measured.map((m) => m[0]));
    if (!isNaN(t0)) xs.add(t0);
    if (!isNaN(t1)) xs.add(t1);
    const x = [...xs].sort((a, b) => a - b);
    const byX = new Map(measured.map((m) => [m[0], m[1]]));
    const actual = x.map((t) => (byX.has(t) ? byX.get(t) : null));
    const ideal = x.map((t) => (t === t0 ? kr.baseline : t === t1 ? kr.target : null));
    const width = Math.max(260, Math.floor(box.clientWidth || 500));
    const opts = {
      width, height: 200, cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      series: [{},
        { label: 'measured' + (kr.unit ? ' (' + kr.unit + ')' : ''), stroke: '#1f5fa8', width: 2, spanGaps: true, points: { show: true, size: 6 } },
        { label: 'ideal', stroke: '#7c8a99', width: 1, dash: [6, 4], spanGaps: true, points: { show: false } }],
      axes: [{}, { size: 50 }],
    };
    const plot = new uPlot(opts, [x, actual, ideal], box);
    box.uplot = plot;
    new ResizeObserver(() => { const w = Math.floor(box.clientWidth); if (w > 0 && Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: 200 }); }).observe(box);
  }

  async function botsView(main) {
    const bots = await api.bots();
    bots.forEach((b) => state.bots.set(b.name, b));
    const rows = () => [...state.bots.values()].sort((a, b) => a.name.localeCompare(b.name)).map((b) => ({ ...b, key: b.name }));
    const table = pagedTable({
      caption: 'Bots', rows: rows(), filterText: (r) => [r.name, r.goal, r.phase, r.mode].join(' '),
      columns: [
        { title: 'Bot', th: true, cell: (b) => h('a', { href: '#/bot/' + enc(b.name) }, b.name) },
        { title: 'Mode', cls: 'wide-only', cell: (b) => b.mode || '—' },
        { title: 'Phase', cell: (b) => h('span', { 'data-phase': b.phase || '' }, b.phase || '—') },
        { title: 'Goal progress', cell: (b) => [b.goal || '—', ' ', pct(b.progress), ' ', b.atRisk ? badge('bad', 'AT RISK') : null] },
        { title: 'Last cycle', cell: (b) => b.lastCycleId ? [h('a', { href: api.cycleLink(b.name, b.lastCycleId) }, b.lastCycleId), ' ', b.lastOutcome || ''] : '—' },
        { title: 'Next run', cls: 'wide-only', cell: (b) => fmtTime(b.nextCycleAt) },
        { title: 'State', cell: (b) => [b.paused ? badge('warn', 'PAUSED' + (b.pausedBy && b.pausedBy !== 'paused' ? ' (' + b.pausedBy + ')' : '')) : badge('ok', 'ACTIVE'),
          b.circuitOpenUntil ? [' ', badge('bad', 'CIRCUIT OPEN')] : null] },
        { title: 'Actions', cell: (b) => h('div', { class: 'actions' },
          ['trigger', b.paused ? 'resume' : 'pause'].map((a) => h('button', { type: 'button', 'data-action': a, 'data-bot': b.name,
            'aria-label': a + ' ' + b.name, onclick: () => control(b.name, a) }, a[0].toUpperCase() + a.slice(1)))) },
      ],
    });
    const feed = h('ul', { class: 'feed', 'aria-label': 'Live activity' });
    const drawFeed = () => feed.replaceChildren(...state.feed.map((f) => h('li', {}, fmtTime(f.at), ' ', h('strong', {}, f.bot), ' ',
      f.cycleId ? h('a', { href: api.cycleLink(f.bot, f.cycleId), 'data-cycle': f.cycleId }, f.cycleId) : null, ' ', f.text || '')));
    drawFeed();
    main.replaceChildren(h('h2', {}, 'Bots ', h('span', { class: 'muted' }, bots.length + ' bot(s), updating live')), table.el,
      h('section', {}, h('h2', {}, 'Live activity'), feed));
    return {
      onBot: () => table.update(rows()),
      onEvent: () => drawFeed(),
    };
  }

  async function control(bot, action) {
    const r = await api.control(bot, action);
    if (r.ok) { notice(action + ' ' + bot + ': ' + (r.body.status || 'accepted'), true); scheduleBotRefresh(bot); }
    else notice(action + ' ' + bot + ' refused (' + r.status + '): ' + (r.body.error || 'no reason given'));
  }

  async function botView(main, name) {
    const cycles = await api.cycles(name);
    const table = pagedTable({
      caption: 'Cycles of ' + name + ' (newest first)', rows: cycles.map((c) => ({ ...c, key: c.id })),
      filterText: (c) => [c.id, c.outcome, c.trigger, c.error].join(' '),
      columns: [
        { title: 'Cycle', th: true, cell: (c) => h('a', { href: api.cycleLink(name, c.id) }, c.id) },
        { title: 'Outcome', cell: (c) => c.outcome || c.phase || '—' },
        { title: 'Trigger', cls: 'wide-only', cell: (c) => c.trigger || '—' },
        { title: 'Started', cell: (c) => fmtTime(c.startedAt) },
        { title: 'Finished', cls: 'wide-only', cell: (c) => fmtTime(c.finishedAt) },
        { title: 'Error', cls: 'wide-only', cell: (c) => c.error || '' },
      ],
    });
    let team = null;
    try { team = await api.team(name); } catch (e) { team = null; }
    let proposals = null;
    if (api.proposals) { try { proposals = await api.proposals(name); } catch (e) { proposals = null; } }
    main.replaceChildren(...[h('h2', {}, 'Bot ', name), teamSection(team), proposalsSection(name, proposals), table.el].filter(Boolean));
    return { onEvent: async (e) => { if (e.bot === name && e.cycleId && !cycles.some((c) => c.id === e.cycleId)) {
      const fresh = await api.cycles(name); cycles.splice(0, cycles.length, ...fresh); table.update(cycles.map((c) => ({ ...c, key: c.id }))); } } };
  }

  // A bot's place in its team (issue 16): parent and children, its queue, unread handoffs, scratchpad; nothing outside a team.
  function teamSection(t) {
    if (!t || (!t.parent && !t.children.length && !t.queue.length && !t.inFlight.length && !t.inbox.length && !t.scratchpad)) return null;
    const link = (b) => h('a', { href: '#/bot/' + enc(b) }, b);
    const facts = h('dl', { class: 'facts' }, [h('dt', {}, 'Parent'), h('dd', { 'data-field': 'parent' }, t.parent ? link(t.parent) : '— (a root)'),
      h('dt', {}, 'Children'), h('dd', { 'data-field': 'children' }, t.children.length ? t.children.flatMap((c, i) => i ? [', ', link(c)] : [link(c)]) : '—')]);
    return h('section', { id: 'team' }, h('h3', {}, 'Team'), facts,
      h('h4', {}, 'Queue (' + t.queue.length + ')'),
      h('div', { id: 'team-queue' }, tableOf('Queued tasks, most urgent first', ['Priority', 'Task', 'Paths', 'From', 'Waiting since'],
        t.queue.map((q) => [q.priority + (q.priority === q.was ? '' : ' (was ' + q.was + ')'), q.title, q.paths.join(', '), q.origin + ' from ' + q.from, fmtTime(q.since)]))),
      t.inFlight.length ? [h('h4', {}, 'In flight'), h('ul', {}, t.inFlight.map((f) => h('li', {}, f.title)))] : null,
      h('h4', {}, 'Unread handoffs (' + t.inbox.length + ')'),
      t.inbox.length ? h('ul', { id: 'team-inbox' }, t.inbox.map((x) => h('li', {}, x.bot + ' on “' + x.task + '”: ' + String(x.outcome).toLowerCase() + ' — ' + x.done
        + (x.files.length ? '; files: ' + x.files.join(', ') : '') + (x.concerns.length ? '; concerns: ' + x.concerns.join('; ') : ''))))
        : h('p', { class: 'muted' }, 'none'),
      h('h4', {}, 'Scratchpad'),
      t.scratchpad ? [h('p', { class: 'muted' }, 'rewritten ' + fmtTime(t.scratchpad.at) + ' after cycle ' + (t.scratchpad.cycle || '—')
        + (t.scratchpad.compressed ? ', compressed to its budget' : '')), h('pre', { id: 'team-scratchpad' }, t.scratchpad.text)]
        : h('p', { class: 'muted' }, 'empty'));
  }

  // A pull request (GitLab: merge request) as a link to the host's page; only an http(s) address becomes a link.
  function pullRequestLink(pr) {
    if (!pr || (!pr.url && pr.number == null && !pr.state)) return null;
    const label = (pr.number == null ? (pr.host === 'gitlab' ? 'merge request' : 'pull request') : (pr.host === 'gitlab' ? '!' : '#') + pr.number)
      + (pr.state ? ' ' + pr.state : '');
    const safe = typeof pr.url === 'string' && /^https?:\/\//i.test(pr.url);
    return h('span', { class: 'pr' }, safe ? h('a', { href: pr.url, 'data-field': 'pull-request', rel: 'noopener noreferrer' }, label) : label,
      pr.reason ? ' (' + pr.reason + ')' : '');
  }

  // A bot's proposals (issue 15): each proposal branch, its pull request on the review host, and whether it is still open.
  function proposalsSection(bot, list) {
    if (!list || !list.length) return null;
    const open = list.filter((p) => p.state === 'open' || p.state === 'changes-requested' || p.state === 'waiting');
    return h('section', { id: 'proposals' }, h('h3', {}, 'Proposals (' + open.length + ' open of ' + list.length + ')'),
      tableOf('Proposals of ' + bot + ' (newest first)', ['Branch', 'Cycle', 'State', 'Pull request', 'Title'],
        list.map((p) => [h('code', {}, p.branch), p.cycle ? h('a', { href: api.cycleLink(bot, p.cycle) }, p.cycle) : '—', p.state + (p.reason ? ' (' + p.reason + ')' : ''),
          pullRequestLink(p.pullRequest) || '—', p.title || '—'])));
  }

  // ---- meetings (issue 16) ----
  async function meetingsView(main) {
    const data = await api.meetings();
    const table = pagedTable({ caption: 'Meetings (' + data.meetings.length + ')', rows: data.meetings.map((m) => ({ ...m, key: m.name })),
      filterText: (m) => [m.name, m.topic, m.attendees.join(' ')].join(' '),
      columns: [
        { title: 'Meeting', th: true, cell: (m) => [h('strong', {}, m.name), m.topic ? [h('br'), h('span', { class: 'muted' }, m.topic)] : null] },
        { title: 'Schedule', cell: (m) => h('code', {}, m.schedule || '—') },
        { title: 'Attendees', cls: 'wide-only', cell: (m) => m.attendees.join(', ') || '—' },
        { title: 'Last held', cell: (m) => m.lastHeldAt ? h('a', { href: '#/minutes/' + enc(m.last ? m.last.id : ''), 'data-field': 'last-held' }, fmtTime(m.lastHeldAt)) : 'never' },
        { title: 'Next', cell: (m) => m.suspended ? badge('warn', 'SUSPENDED')
          : [h('span', { 'data-field': 'next' }, fmtTime(m.nextAt)), m.dueSince ? [' ', badge('bad', 'DUE since ' + fmtTime(m.dueSince))] : null] },
      ] });
    const lasts = data.meetings.filter((m) => m.last).map((m) => minutesSection(m.last, 'Last minutes of ' + m.name));
    main.replaceChildren(h('h2', {}, 'Meetings ', h('span', { class: 'muted' }, data.meetings.length + ' declared; minutes kept: ' + data.minutes.length)),
      table.el, ...lasts,
      h('section', {}, h('h3', {}, 'All minutes'), tableOf('Minutes, newest first', ['Minutes', 'Meeting', 'Held', 'Trigger', 'Decisions', 'Action items', 'Pull request'],
        data.minutes.map((x) => [h('a', { href: '#/minutes/' + enc(x.id) }, x.id), x.meeting, fmtTime(x.heldAt), x.trigger, String(x.decisions.length),
          String(x.actions.length), pullRequestLink(x.pullRequest) || (x.proposalBranch ? h('code', {}, x.proposalBranch) : '—')]))));
    return {};
  }

  async function minutesView(main, id) {
    const x = await api.minutes(id);
    main.replaceChildren(h('p', {}, h('a', { href: '#/meetings' }, '← Meetings')), minutesSection(x, 'Minutes ' + x.id));
    return {};
  }

  function minutesSection(x, heading) {
    const bot = (b) => h('a', { href: '#/bot/' + enc(b) }, b);
    const facts = (pairs) => h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v == null || v === '' ? '—' : v)]));
    return h('section', { class: 'minutes', 'data-minutes': x.id, 'data-meeting': x.meeting },
      h('h3', {}, heading, ' ', x.error ? badge('bad', 'NOT FINISHED') : null),
      facts([['Topic', x.topic], ['Held', fmtTime(x.heldAt)], ['Trigger', x.trigger], ['Facilitated by', x.facilitatedBy],
        ['Attendees', x.attendees.join(', ')], ['Error', x.error]]),
      h('h4', {}, 'Agenda'), x.agenda.length ? h('ol', { class: 'agenda' }, x.agenda.map((a) => h('li', {}, a.title, a.detail ? ' — ' + a.detail : ''))) : h('p', { class: 'muted' }, 'nothing to settle'),
      h('h4', {}, 'Decisions'), x.decisions.length ? h('ol', { class: 'decisions' }, x.decisions.map((d) => h('li', {}, d.text, d.rationale ? h('span', { class: 'muted' }, ' — ' + d.rationale) : ''))) : h('p', { class: 'muted' }, 'none'),
      h('h4', {}, 'Action items'), h('div', { class: 'actions-taken' }, tableOf('Action items, queued as tasks', ['Bot', 'Task', 'Paths', 'Priority', 'Queued as'],
        x.actions.map((a) => [bot(a.bot), a.title, a.paths.join(', ') || '—', a.priority, a.taskId ? h('code', {}, a.taskId) : '—']))),
      h('h4', {}, 'OWNERS change'), x.changes.length || x.proposalBranch ? [x.changes.length ? tableOf('Responsibility changes', ['Path', 'Primary owner', 'Contributor', 'OWNERS file', 'Why'],
        x.changes.map((c) => [h('code', {}, c.path), c.primary, c.contributor || '—', c.ownersFile ? h('code', {}, c.ownersFile) : '—', c.reason]))
          : h('p', {}, (x.changeCount || 0) + ' responsibility change(s)'),
        facts([['Proposal branch', x.proposalBranch && [h('code', { 'data-field': 'proposal' }, x.proposalBranch), x.proposalNote ? ' — ' + x.proposalNote : '']],
          ['Pull request', pullRequestLink(x.pullRequest)]])]
        : h('p', { class: 'muted' }, 'none proposed'));
  }

  async function cycleView(main, parts) {
    const c = parts.length > 1 ? await api.cycle(parts[0], parts[1]) : await api.cycle(parts[0]);
    const total = c.timings.reduce((s, t) => s + t.millis, 0) || 1;
    const facts = (pairs) => h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v == null || v === '' ? '—' : v)]));
    main.replaceChildren(
      h('h2', {}, 'Cycle ', h('code', {}, c.id), ' ', c.outcome ? badge(c.outcome === 'LANDED' || c.outcome === 'PROPOSED' ? 'ok' : c.outcome === 'FAILED' ? 'bad' : 'none', c.outcome) : badge('none', 'RUNNING')),
      facts([['Bot', h('a', { href: '#/bot/' + enc(c.bot) }, c.bot)], ['Goal', c.goal], ['Trigger', c.trigger], ['Phase', c.phase],
        ['Started', fmtTime(c.startedAt)], ['Finished', fmtTime(c.finishedAt)], ['Base commit', c.baseCommit && h('code', {}, c.baseCommit)],
        ['Landed commit', c.landedCommit && [h('code', { 'data-field': 'landed' }, c.landedCommit), c.targetRef ? ' on ' + c.targetRef : '']],
        ['Proposal branch', c.proposalBranch && [h('code', { 'data-field': 'proposal' }, c.proposalBranch), c.reviewers.length ? ' — review by ' + c.reviewers.join(', ') : '']],
        ['Pull request', pullRequestLink(c.pullRequest)],
        ['Goal progress', pct(c.progressBefore) + ' → ' + pct(c.progressAfter)], ['Error', c.error]]),
      h('section', {}, h('h3', {}, 'Phases'),
        c.timings.length ? [h('div', { class: 'timeline', 'aria-hidden': 'true' }, c.timings.map((t) => h('span', { title: t.phase + ' ' + ms(t.millis), style: null, 'data-w': (100 * t.millis / total).toFixed(2) }))),
          tableOf('Phase timeline', ['Phase', 'Duration'], c.timings.map((t) => [t.phase, ms(t.millis)]))] : h('p', { class: 'muted' }, 'not recorded by this home')),
      h('section', {}, h('h3', {}, 'Key results'), tableOf('Key results before → after', ['Key result', 'Before', 'After'],
        c.krs.map((k) => [k.name, k.before == null ? 'unknown' : String(k.before), k.after == null ? 'unknown' : String(k.after)]))),
      h('section', {}, h('h3', {}, 'Tasks'), tableOf('Tasks and their lifecycle', ['Task', 'Kind', 'State', 'Title', 'Result'],
        c.tasks.map((t) => [t.id, t.kind, t.state, t.title, t.result]))),
      h('section', {}, h('h3', {}, 'Changed files'), tableOf('Changed files with their ownership verdict', ['Path', 'Change', 'Verdict', 'Decided by', 'Where it went', 'Reason'],
        c.changes.map((f) => [h('code', {}, f.path), f.change, f.decision, f.decidedBy ? h('code', {}, f.decidedBy) : '—', f.disposition, f.reason]))),
      h('section', {}, h('h3', {}, 'Tests'), c.tests ? [facts([['Result', c.tests.passed ? badge('ok', 'PASSED') : c.tests.timedOut ? badge('bad', 'TIMED OUT') : badge('bad', 'FAILED')],
        ['Command', (c.tests.command || []).join(' ')], ['Exit code', c.tests.exitCode], ['Duration', ms(c.tests.millis)]]),
        c.tests.output ? h('pre', {}, c.tests.output) : null] : h('p', { class: 'muted' }, 'no tests ran')),
      c.steps.length ? h('section', {}, h('h3', {}, 'Steps'), tableOf('Executed steps', ['Task', 'Kind', 'Description', 'Exit', 'Duration'],
        c.steps.map((s) => [s.task, s.kind, s.description, s.exitCode == null ? '—' : String(s.exitCode), ms(s.millis)]))) : null,
      h('section', {}, h('h3', {}, 'Reflection'), c.reflection ? [
        h('h4', {}, 'Outcomes'), h('ul', {}, (c.reflection.outcomes || []).map((o) => h('li', {}, o))),
        h('h4', {}, 'Lessons'), h('ul', {}, (c.reflection.lessons || []).map((o) => h('li', {}, o))),
        h('p', {}, 'Next focus: ', c.reflection.nextFocus || '—')] : h('p', { class: 'muted' }, 'none yet')));
    // Widths through the CSSOM: the policy allows no inline style attributes.
    main.querySelectorAll('.timeline span').forEach((s) => { s.style.width = s.dataset.w + '%'; });
    return { onEvent: (e) => { if (e.cycleId === c.id) setTimeout(route, 300); } };
  }

  function tableOf(caption, heads, rows) {
    if (!rows.length) return h('p', { class: 'muted' }, 'none');
    return h('div', { class: 'table-wrap' }, h('table', {}, h('caption', {}, caption),
      h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null }, v == null ? '—' : v)))))));
  }

  async function ownersView(main) {
    let bot = null;
    const botSelect = h('select', { id: 'owners-bot', 'aria-label': 'Bot whose repository to explore' });
    if (api === cluster) {
      const bots = await api.bots();
      bots.forEach((b) => botSelect.appendChild(h('option', { value: b.name }, b.name)));
      bot = bots.length ? bots[0].name : null;
      botSelect.addEventListener('change', () => { bot = botSelect.value; loadTree(); });
    }
    const result = h('div', { id: 'verdict', 'aria-live': 'polite' });
    const pathIn = h('input', { type: 'text', id: 'owners-path', name: 'path', required: true, placeholder: 'src/api/handlers.py', size: 30 });
    const asIn = h('input', { type: 'text', id: 'owners-as', name: 'as', placeholder: 'human:alice or manybot:api-bot', size: 26 });
    const form = h('form', { class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const o = await api.owners(pathIn.value.trim(), asIn.value.trim(), bot);
        const v = o.verdict || {};
        result.replaceChildren(h('div', { class: 'verdict', 'data-decision': v.decision || '' },
          h('p', {}, h('strong', {}, 'Verdict for ', v.principal || '', ' on ', h('code', {}, o.path), ': '),
            badge(v.decision === 'write' ? 'ok' : v.decision === 'review' ? 'warn' : 'bad', String(v.decision || '').toUpperCase())),
          h('p', { 'data-field': 'reason' }, v.reason || ''),
          h('p', {}, 'Decided by ', v.decidedBy ? h('code', { 'data-field': 'decided-by' }, v.decidedBy) : '—'),
          tableOf('Owners of ' + o.path, ['Principal', 'Named at'], (o.owners || []).map((w) => [w.principal, h('code', {}, w.location)])),
          tableOf('Required reviewers', ['Principal', 'Named at'], (o.requiredReviewers || []).map((w) => [w.principal, h('code', {}, w.location)]))));
      } catch (err) { result.replaceChildren(h('p', { class: 'notice' }, err.message)); }
    } },
    api === cluster ? h('label', {}, 'Bot', botSelect) : null,
    h('label', { for: 'owners-path' }, 'Path', pathIn), h('label', { for: 'owners-as' }, 'Principal', asIn),
    h('button', { type: 'submit' }, 'Check'));
    const treeBox = h('div');
    main.replaceChildren(h('h2', {}, 'Ownership'), h('section', {}, h('h3', {}, 'Who may change a path'), form, result),
      h('section', {}, h('h3', {}, 'Who governs each directory'), treeBox));
    async function loadTree() {
      try {
        const t = await api.ownersTree(bot);
        const rows = t.directories.map((d) => ({ ...d, key: d.path }));
        const table = pagedTable({ caption: 'Directories (' + t.total + (t.truncated ? ', first ' + rows.length + ' shown' : '') + ')', rows,
          filterText: (d) => d.path + ' ' + d.owners.join(' '),
          columns: [
            { title: 'Directory', th: true, cell: (d) => h('code', { class: 'depth' }, (d.path ? '  '.repeat(d.path.split('/').length - 1) + d.path.split('/').pop() + '/' : '/ (root)')) },
            { title: 'Path', cls: 'wide-only', cell: (d) => h('code', {}, d.path || '.') },
            { title: 'Governed by', cell: (d) => d.governedBy ? h('code', {}, d.governedBy) : d.source === 'codeowners' ? 'CODEOWNERS' : 'nobody' },
            { title: 'Owners', cell: (d) => d.owners.length ? d.owners.join(', ') : '—' },
          ] });
        treeBox.replaceChildren(table.el);
      } catch (e) { treeBox.replaceChildren(h('p', { class: 'notice' }, e.message)); }
    }
    await loadTree();
    return {};
  }

  async function directivesView(main) {
    const [d, subs] = await Promise.all([api.directives(), api.subscriptions()]);
    main.replaceChildren(h('h2', {}, 'Directives in force'),
      d.missing ? h('p', { class: 'muted' }, d.missing) : h('dl', { class: 'facts' },
        h('dt', {}, 'Source'), h('dd', {}, d.source || (d.configMap ? d.configMap.namespace + '/' + d.configMap.name : '—')),
        h('dt', {}, 'Version'), h('dd', {}, d.version || '—'),
        h('dt', {}, 'Hash'), h('dd', {}, h('code', {}, d.contentHash || '—')),
        h('dt', {}, 'Applied at'), h('dd', {}, fmtTime(d.appliedAt)),
        h('dt', {}, 'Paused'), h('dd', {}, d.paused ? badge('warn', 'PAUSED (everything)') : 'no', (d.pausedBots || []).length ? '; bots paused: ' + d.pausedBots.join(', ') : ''),
        h('dt', {}, 'Last rejected edit'), h('dd', {}, d.lastError ? [h('code', {}, d.lastError), d.lastErrorAt ? ' at ' + fmtTime(d.lastErrorAt) : ''] : 'none')),
      h('h2', {}, 'Subscriptions'),
      pagedTable({ caption: 'Subscriptions', rows: subs.map((s) => ({ ...s, key: s.name })), filterText: (s) => [s.name, s.bot, s.trigger, s.branch].join(' '),
        columns: [
          { title: 'Name', th: true, cell: (s) => s.name },
          { title: 'Bot', cell: (s) => s.bot },
          { title: 'Trigger', cell: (s) => s.trigger },
          { title: 'Branch', cls: 'wide-only', cell: (s) => s.branch || '—' },
          { title: 'Paths', cell: (s) => s.paths.length ? s.paths.join(', ') : '—' },
          { title: 'Schedule', cls: 'wide-only', cell: (s) => s.schedule || '—' },
          { title: 'Source', cls: 'wide-only', cell: (s) => s.source || '—' },
          { title: 'State', cell: (s) => s.suspended ? badge('warn', 'PAUSED') : badge('ok', 'ACTIVE') },
        ] }).el);
    return {};
  }

  // ---- routing ----
  async function route() {
    const hash = location.hash || '#/goals';
    const parts = hash.replace(/^#\//, '').split('/').map(decodeURIComponent);
    const name = parts[0];
    const section = name === 'bot' || name === 'cycle' ? 'bots' : name === 'minutes' ? 'meetings' : name;
    document.querySelectorAll('[data-nav]').forEach((a) => {
      if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    const main = $('#view');
    const views = { goals: goalsView, bots: botsView, owners: ownersView, directives: directivesView, meetings: meetingsView,
      minutes: (m) => minutesView(m, parts[1]),
      bot: (m) => botView(m, parts[1]), cycle: (m) => cycleView(m, parts.slice(1)) };
    const view = views[name] || goalsView;
    state.view = null;
    main.setAttribute('aria-busy', 'true');
    try {
      state.view = await view(main);
      document.title = 'Manybot — ' + (name || 'goals');
    } catch (e) {
      main.replaceChildren(h('h2', {}, 'Could not load this view'), h('p', { class: 'notice' }, e.message));
    } finally {
      main.removeAttribute('aria-busy');
      main.dataset.view = name;
      main.dataset.ready = String(Date.now());
    }
  }

  async function start() {
    try { state.home = await get('/api/v1/home'); } catch (e) { state.home = { home: 'local' }; }
    if (state.home.home === 'cluster') {
      api = cluster;
      const select = $('#namespace');
      const nss = state.home.namespaces || [];
      const wanted = new URLSearchParams(location.search).get('namespace');
      nss.forEach((n) => select.appendChild(h('option', { value: n }, n)));
      state.ns = wanted && nss.includes(wanted) ? wanted : (nss[0] || 'default');
      if (wanted && !nss.includes(wanted)) select.appendChild(h('option', { value: wanted }, wanted));
      select.value = state.ns;
      $('#namespace-field').hidden = false;
      select.addEventListener('change', () => { state.ns = select.value; state.bots.clear(); state.feed = []; connect(); route(); });
      $('#home-name').textContent = 'cluster';
    } else {
      $('#credential-kind').hidden = true;
      $('#home-name').textContent = 'local';
      if (state.home.keysConfigured === false) $('#credential').placeholder = 'no API keys on the server: writes refused';
    }
    $('#credential-form').addEventListener('submit', (e) => { e.preventDefault(); route(); });
    window.addEventListener('hashchange', () => { route(); $('#view').focus(); });
    connect();
    await route();
  }
  document.addEventListener('DOMContentLoaded', start);
})();
