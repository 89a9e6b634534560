// CleanEventStore web console: plain JavaScript, no framework, no build step. Every URL is relative to the page
// (<prefix>/ui/), so the console works wherever the store is mounted. Data is only ever inserted as text.

const API = new URL('../', document.baseURI);
const KEY_STORAGE = 'ces-console-api-key';
const PAGE_SIZE = 20;
const MAX_LISTED = 500;
const MAX_QUERY_EVENTS = 200;

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const menu = document.getElementById('menu');
let pageAbort = new AbortController();

// ---------- DOM helpers ----------

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function show(...children) {
  main.replaceChildren();
  append(main, children);
}

const number = value => typeof value === 'number' ? value.toLocaleString('en-US') : (value ?? '—');

function formatTime(ms) {
  if (typeof ms !== 'number') return '';
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function formatBytes(bytes) {
  if (typeof bytes !== 'number') return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function formatDuration(seconds) {
  if (typeof seconds !== 'number') return '—';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400), hh = Math.floor(s % 86400 / 3600), mm = Math.floor(s % 3600 / 60), ss = s % 60;
  return d > 0 ? `${d}d ${hh}h ${mm}m` : hh > 0 ? `${hh}h ${mm}m ${ss}s` : `${mm}m ${ss}s`;
}

// Pretty-printed JSON with its tokens coloured (as text nodes: nothing from the store is parsed as HTML).
function jsonBlock(value, attributes) {
  const pre = h('pre', { class: 'json', ...attributes });
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  const token = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
  let last = 0;
  for (const match of text.matchAll(token)) {
    if (match.index > last) pre.append(text.slice(last, match.index));
    if (match[1]) {
      pre.append(h('span', { class: match[2] ? 'j-key' : 'j-str' }, match[1]));
      if (match[2]) pre.append(match[2]);
    } else if (match[3]) pre.append(h('span', { class: 'j-num' }, match[3]));
    else pre.append(h('span', { class: 'j-lit' }, match[4]));
    last = match.index + match[0].length;
  }
  pre.append(text.slice(last));
  return pre;
}

// ---------- the API ----------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

const apiKey = () => sessionStorage.getItem(KEY_STORAGE);

async function call(path, { method = 'GET', body, accept, signal } = {}) {
  const headers = {};
  const key = apiKey();
  if (key) headers['X-Api-Key'] = key;
  if (accept) headers.Accept = accept;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(new URL(path, API), {
    method, headers, signal: signal ?? pageAbort.signal, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    let problem;
    try { problem = await response.json(); } catch { problem = undefined; }
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json(path, options) {
  return (await call(path, options)).json();
}

function ndjson(text) {
  return text.split('\n').filter(line => line.trim().length > 0).map(line => JSON.parse(line));
}

// Reads an NDJSON response line by line; onLine returns false to stop.
async function readLines(response, onLine) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim().length > 0 && onLine(JSON.parse(line)) === false) return;
      }
    }
    if (buffer.trim().length > 0) onLine(JSON.parse(buffer));
  } finally {
    reader.cancel().catch(() => {});
  }
}

const enc = encodeURIComponent;

// ---------- errors, authentication ----------

function errorNotice(error, what) {
  if (error.name === 'AbortError') return null;
  if (error instanceof ApiError && error.status === 403) {
    const scope = error.problem.scope ? ` It needs the scope ${error.problem.scope}.` : '';
    return h('div', { class: 'notice error', id: 'forbidden' },
      h('strong', {}, `403 · This key may not see ${what}.`), `${error.message}${scope}`);
  }
  if (error instanceof ApiError) {
    return h('div', { class: 'notice error', id: 'error' }, h('strong', {}, `${error.status} · ${error.problem.title ?? 'Error'}`), error.message);
  }
  return h('div', { class: 'notice error', id: 'error' }, h('strong', {}, 'The server could not be reached.'), String(error.message ?? error));
}

// Runs a page; a 401 anywhere shows the sign-in form instead.
async function guarded(render) {
  try {
    await render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signIn(error);
    else if (error.name !== 'AbortError') show(errorNotice(error, 'this page'));
  }
}

function signIn(error) {
  const hadKey = Boolean(apiKey());
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', placeholder: 'API key', required: true });
  show(h('section', { class: 'panel signin' },
    h('h1', {}, 'API key required'),
    h('p', { class: 'muted' }, 'This server requires authentication. The key stays in this browser tab (session storage) and is sent as X-Api-Key.'),
    hadKey ? h('div', { class: 'notice error', id: 'key-error' }, h('strong', {}, '401 · The key was refused.'), error.message) : null,
    h('form', {
      onsubmit: event => {
        event.preventDefault();
        sessionStorage.setItem(KEY_STORAGE, input.value.trim());
        renderKeyStatus();
        route();
      },
    }, h('label', {}, 'API key', input), h('button', { class: 'primary', type: 'submit', id: 'sign-in' }, 'Use this key'))));
  input.focus();
}

function renderKeyStatus() {
  const status = document.getElementById('key-status');
  status.replaceChildren();
  if (apiKey()) {
    append(status, [h('span', {}, 'Signed in with an API key'), h('button', {
      type: 'button', id: 'forget-key', onclick: () => { sessionStorage.removeItem(KEY_STORAGE); renderKeyStatus(); route(); },
    }, 'Forget key')]);
  } else {
    status.append(h('span', { class: 'muted' }, 'No API key'));
  }
}

// ---------- events ----------

// The global position of a stored event: commitId + commitVersion + 1.
const positionOf = event => event.metadata?.position ?? (event.metadata.commitId + event.metadata.commitVersion + 1);

function eventCard(event, { fresh = false } = {}) {
  const metadata = event.metadata ?? {};
  const position = positionOf(event);
  const entries = [
    ['position', position], ['stream version', metadata.streamVersion], ['commit', metadata.commitId],
    ['in commit', `${metadata.commitVersion + 1} of ${metadata.commitSize}`],
    ...Object.entries(metadata).filter(([name]) => !['commitId', 'commitVersion', 'commitSize', 'streamVersion', 'committedAt', 'position'].includes(name))
      .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  ];
  return h('article', { class: fresh ? 'event fresh' : 'event', 'data-position': position },
    h('header', {},
      h('span', { class: 'pos' }, `#${position}`),
      h('span', { class: 'type' }, event.payload?.type ?? '(no type)'),
      h('a', { class: 'stream', href: `#/stream/${enc(event.stream)}` }, event.stream),
      h('time', {}, formatTime(metadata.committedAt))),
    h('dl', { class: 'meta' }, entries.map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, value)))),
    jsonBlock(event.payload));
}

// A stream, the global log or a category: newest first, pages of older events, and a live tail.
async function eventsPage({ title, subtitle, path, what, versionLabel }) {
  const list = h('div', { class: 'events', id: 'events' });
  const live = h('span', { class: 'live', id: 'live-status' }, h('span', { class: 'dot' }), 'not following');
  const followButton = h('button', { type: 'button', id: 'follow' }, 'Follow live');
  const older = h('button', { type: 'button', id: 'older' }, 'Older events');
  const pager = h('div', { class: 'pager' }, older);
  const headline = h('p', { class: 'muted', id: 'summary' }, subtitle ?? '');
  const shown = new Set();
  let oldest = null;
  let newest = 0;
  let following = null;

  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', { id: 'title' }, title), headline),
    h('div', { class: 'row' }, live, followButton)), list, pager);

  const add = (events, where) => {
    for (const event of events) {
      const position = positionOf(event);
      if (shown.has(position)) continue;
      shown.add(position);
      newest = Math.max(newest, position);
      const card = eventCard(event, { fresh: where === 'top' });
      if (where === 'top') list.prepend(card); else list.append(card);
    }
  };

  // A stream's windows count its revisions (streamVersion + 1); the global log's and a category's count global
  // positions, of which a category holds only some: an empty window widens, a few times, before the page gives up
  // (and offers the older ones again).
  const positional = path.startsWith('streams/_all') || path.startsWith('streams/category/');
  const revisionOf = event => (positional ? positionOf(event) : event.metadata.streamVersion + 1);

  // Windows from upper down until a page is full, the first revision is reached, or a few widening windows found
  // nothing more (each request reads one bounded window).
  const windowDown = async (upper, have = 0) => {
    const events = [];
    let size = PAGE_SIZE;
    let lower = upper + 1;
    for (let attempt = 0; attempt < 8 && upper >= 1 && have + events.length < PAGE_SIZE; attempt++) {
      lower = Math.max(1, upper - size + 1);
      events.push(...ndjson(await (await call(`${path}/from/${upper}/until/${lower}`)).text()));
      upper = lower - 1;
      size *= 2;
    }
    return { events, lower };
  };

  // upper null: the newest page (/backwards/N: the last N revisions or positions); otherwise upper and below.
  const load = async upper => {
    older.disabled = true;
    let events;
    let lower;
    let more;
    if (upper === null) {
      const response = await call(`${path}/backwards/${PAGE_SIZE}`);
      const version = Number(response.headers.get('x-event-store-version') ?? NaN);
      if (!Number.isNaN(version)) headline.textContent = `${subtitle ? subtitle + ' · ' : ''}${versionLabel ?? 'version'} ${number(version)}`;
      events = ndjson(await response.text());
      if (positional) {
        lower = Math.max(1, (Number.isNaN(version) ? PAGE_SIZE : version) - PAGE_SIZE + 1);
        if (events.length < PAGE_SIZE && lower > 1) {
          const further = await windowDown(lower - 1, events.length);
          events = events.concat(further.events);
          lower = further.lower;
        }
        more = lower > 1;
      } else {
        lower = events.length > 0 ? revisionOf(events[events.length - 1]) : 1;
        more = events.length === PAGE_SIZE && lower > 1;
      }
    } else {
      ({ events, lower } = await windowDown(upper));
      more = lower > 1;
    }
    add(events, 'bottom');
    oldest = lower;
    if (shown.size === 0 && !document.getElementById('empty')) list.append(h('p', { class: 'muted', id: 'empty' }, 'No events in this range yet.'));
    if (shown.size > 0) document.getElementById('empty')?.remove();
    older.disabled = !more;
    older.textContent = more ? 'Older events' : 'No older events';
  };

  older.addEventListener('click', () => guarded(() => load(oldest - 1)));

  const stop = () => {
    following?.abort();
    following = null;
    live.className = 'live';
    live.lastChild.textContent = 'not following';
    followButton.textContent = 'Follow live';
  };

  const follow = async () => {
    const controller = new AbortController();
    following = controller;
    pageAbort.signal.addEventListener('abort', () => controller.abort(), { once: true });
    followButton.textContent = 'Stop';
    live.lastChild.textContent = 'connecting…';
    try {
      const response = await call(`${path}?follow=true&after=${newest}`, { accept: 'application/x-ndjson', signal: controller.signal });
      await readLines(response, line => {
        if (line.caughtUp || line.heartbeat) {
          const at = (line.caughtUp ?? line.heartbeat).position;
          live.className = 'live on';
          live.lastChild.textContent = `live · head ${number(at)}`;
        } else {
          document.getElementById('empty')?.remove();
          add([line], 'top');
        }
        return !controller.signal.aborted;
      });
      if (following === controller) stop();
    } catch (error) {
      if (following === controller) stop();
      if (error.name !== 'AbortError') list.before(errorNotice(error, what) ?? '');
    }
  };

  followButton.addEventListener('click', () => (following ? stop() : follow()));
  await load(null);
}

// ---------- pages ----------

async function streamsPage() {
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Search streams', class: 'grow', 'aria-label': 'Search streams' });
  const kind = h('select', { id: 'kind', 'aria-label': 'Kind' }, ['all kinds', 'write', 'type', 'tag', 'derived'].map(k => h('option', { value: k === 'all kinds' ? '' : k }, k)));
  const closed = h('select', { id: 'closed', 'aria-label': 'Open or closed' }, [['', 'open and closed'], ['open', 'open'], ['closed', 'closed']].map(([v, t]) => h('option', { value: v }, t)));
  const goTo = openByName();
  let streams;
  try {
    streams = (await json('streams')).streams;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      show(h('div', { class: 'page-head' }, h('h1', {}, 'Streams')),
        h('div', { class: 'notice info', id: 'forbidden' }, h('strong', {}, 'This key may not list every stream.'),
          `The list needs the query scope (${error.message}). Open a stream this key may read by its name:`), goTo);
      return;
    }
    throw error;
  }
  const body = h('tbody', { id: 'stream-rows' });
  const count = h('p', { class: 'muted', id: 'count' });
  const render = () => {
    const text = search.value.trim().toLowerCase();
    const matching = streams.filter(s => (!text || s.stream.toLowerCase().includes(text))
      && (!kind.value || s.metadata?.kind === kind.value)
      && (!closed.value || (closed.value === 'closed') === s.closed));
    body.replaceChildren(...matching.slice(0, MAX_LISTED).map(s => h('tr', { 'data-stream': s.stream },
      h('td', { class: 'name' }, h('a', { href: `#/stream/${enc(s.stream)}` }, s.stream)),
      h('td', {}, h('span', { class: `badge ${s.metadata?.kind ?? ''}`, title: s.metadata?.matcher ? JSON.stringify(s.metadata.matcher) : undefined }, s.metadata?.kind ?? '?')),
      h('td', { class: 'num' }, number(s.version)),
      h('td', {}, s.closed ? h('span', { class: 'badge closed' }, 'closed') : h('span', { class: 'muted' }, 'open')))));
    count.textContent = `${number(matching.length)} of ${number(streams.length)} streams${matching.length > MAX_LISTED ? ` (first ${MAX_LISTED} shown: narrow the search)` : ''}`;
  };
  for (const control of [search, kind, closed]) for (const type of ['input', 'change']) control.addEventListener(type, render);
  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Streams'), count), goTo),
    h('div', { class: 'toolbar' }, search, kind, closed),
    h('div', { class: 'table-wrap' }, h('table', { id: 'streams' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Stream'), h('th', {}, 'Kind'), h('th', { class: 'num' }, 'Version'), h('th', {}, 'State'))), body)));
  render();
}

function openByName() {
  const name = h('input', { id: 'open-name', placeholder: 'orders-1', 'aria-label': 'Stream name', required: true });
  return h('form', { class: 'row', onsubmit: event => { event.preventDefault(); location.hash = `#/stream/${enc(name.value.trim())}`; } },
    name, h('button', { type: 'submit', id: 'open-stream' }, 'Open stream'));
}

async function categoriesPage(name) {
  if (name) {
    return eventsPage({ title: `Category ${name}`, subtitle: `streams ${name}-… and ${name}/…`, path: `streams/category/${enc(name)}`, what: `the category ${name}` });
  }
  const input = h('input', { id: 'category-name', placeholder: 'orders', 'aria-label': 'Category', required: true });
  const form = h('form', { class: 'row', onsubmit: event => { event.preventDefault(); location.hash = `#/categories/${enc(input.value.trim())}`; } },
    input, h('button', { type: 'submit' }, 'Open category'));
  const list = h('div', { class: 'table-wrap' });
  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Categories'),
    h('p', { class: 'muted' }, 'A category holds the streams whose names start with its name and - or /, in global order.')), form), list);
  try {
    const streams = (await json('streams')).streams.filter(s => s.metadata?.kind === 'write');
    const counts = new Map();
    for (const s of streams) {
      const match = /^([^-/]+)[-/]/.exec(s.stream);
      if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
    list.append(h('table', { id: 'categories' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Category'), h('th', { class: 'num' }, 'Streams'))),
      h('tbody', {}, [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([category, n]) => h('tr', {},
        h('td', { class: 'name' }, h('a', { href: `#/categories/${enc(category)}` }, category)), h('td', { class: 'num' }, number(n)))))));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) throw error;
    list.replaceWith(h('p', { class: 'muted' }, 'This key may not list the streams; open a category by its name.'));
  }
}

function splitList(value) {
  return value.split(',').map(part => part.trim()).filter(part => part.length > 0);
}

async function queryPage() {
  const items = h('div', { id: 'items' });
  const addItem = (types = '', tags = '') => {
    const row = h('div', { class: 'item' },
      h('label', {}, 'Types (any of, comma-separated)', h('input', { class: 'types', value: types, placeholder: 'StudentSubscribed' })),
      h('label', {}, 'Tags (all of, comma-separated)', h('input', { class: 'tags', value: tags, placeholder: 'course:c1' })),
      h('button', { type: 'button', class: 'danger', onclick: () => row.remove(), 'aria-label': 'Remove item' }, 'Remove'));
    items.append(row);
  };
  addItem();
  const matcher = h('textarea', { id: 'matcher', rows: 3, placeholder: '{"payload":{"amount":{"$gte":100}}}' });
  const results = h('div', { id: 'results' });
  const found = h('div', { id: 'found' });
  const stream = h('input', { id: 'commit-stream', value: 'console-test-1', 'aria-label': 'Stream to commit to' });
  const event = h('textarea', { id: 'commit-event', rows: 6 });
  const commitResult = h('div', { id: 'commit-result' });
  const commitButton = h('button', { type: 'button', class: 'primary', id: 'commit', disabled: true }, 'Commit with this condition');
  let condition = null;

  const readQuery = () => {
    const body = {};
    const parsedItems = [...items.querySelectorAll('.item')].map(row => {
      const item = {};
      const types = splitList(row.querySelector('.types').value);
      const tags = splitList(row.querySelector('.tags').value);
      if (types.length) item.types = types;
      if (tags.length) item.tags = tags;
      return item;
    }).filter(item => item.types || item.tags);
    if (parsedItems.length) body.items = parsedItems;
    if (matcher.value.trim()) body.matcher = JSON.parse(matcher.value);
    if (!body.items && !body.matcher) throw new Error('Give at least one item (types or tags) or a matcher.');
    return body;
  };

  const run = async () => {
    results.replaceChildren();
    found.replaceChildren();
    commitResult.replaceChildren();
    let body;
    try { body = readQuery(); } catch (error) { results.append(h('div', { class: 'notice error' }, error.message)); return; }
    let response;
    try {
      response = await call('query', { method: 'POST', body });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw error;
      results.append(errorNotice(error, 'this query'));
      return;
    }
    condition = JSON.parse(response.headers.get('x-event-store-query-condition'));
    const events = [];
    let more = false;
    await readLines(response, line => {
      if (events.length === MAX_QUERY_EVENTS) { more = true; return false; }
      events.push(line);
      return true;
    });
    const first = body.items?.[0] ?? {};
    if (!event.value.trim() || event.dataset.auto === 'true') {
      event.value = JSON.stringify({ type: first.types?.[0] ?? 'ConsoleTest', ...(first.tags ? { tags: first.tags } : {}) }, null, 2);
      event.dataset.auto = 'true';
    }
    commitButton.disabled = false;
    results.append(
      h('section', { class: 'panel' }, h('h2', {}, 'Condition a commit would carry'),
        h('p', { class: 'muted' }, 'Sent as "condition" in a commit: refused with 409 if an event it selects was committed after noneMatchAfter.'),
        jsonBlock(condition, { id: 'condition', class: 'json condition' })));
    found.append(
      h('h2', { id: 'query-count' }, `${events.length}${more ? '+' : ''} matching event${events.length === 1 ? '' : 's'}${more ? ` (first ${MAX_QUERY_EVENTS} shown)` : ''}`),
      h('div', { class: 'events', id: 'query-events' }, events.slice().reverse().map(e => eventCard(e))));
  };

  const commit = async () => {
    commitResult.replaceChildren();
    let events;
    try {
      const parsed = JSON.parse(event.value);
      events = Array.isArray(parsed) ? parsed : [parsed];
    } catch (error) {
      commitResult.append(h('div', { class: 'notice error' }, `The event is not JSON: ${error.message}`));
      return;
    }
    try {
      const response = await call(`streams/${enc(stream.value.trim())}/commit`, { method: 'POST', body: { events, condition } });
      const result = await response.json();
      commitResult.append(h('div', { class: 'notice ok', id: 'commit-ok' }, h('strong', {}, `${response.status} · Committed`),
        `Commit ${result.commitId} to ${result.streamName} at version ${result.streamVersion}. Run the query again for a new condition.`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw error;
      const notice = errorNotice(error, 'this commit');
      if (notice && error.status === 409) notice.id = 'commit-conflict';
      commitResult.append(notice ?? '');
    }
  };

  commitButton.addEventListener('click', () => guarded(commit));
  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Query'),
    h('p', { class: 'muted' }, 'A DCB query (items are ORed; in an item, all the tags and any of the types), a matcher, or both: the events a decision depends on and the condition that protects it.'))),
  h('form', { class: 'panel', id: 'query-form', onsubmit: e => { e.preventDefault(); guarded(run); } },
    h('h2', {}, 'Query'), items,
    h('div', { class: 'row' }, h('button', { type: 'button', id: 'add-item', onclick: () => addItem() }, '+ Item')),
    h('label', { class: 'matcher-label' }, 'Matcher (optional JSON filter on the stored document)', matcher),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', id: 'run-query' }, 'Run query'))),
  results,
  h('section', { class: 'panel' }, h('h2', {}, 'Commit a test event with the condition'),
    h('div', { class: 'grid' }, h('label', {}, 'Stream', stream), h('label', {}, 'Event (JSON object, or an array of them)', event)),
    h('div', { class: 'row' }, commitButton), commitResult),
  found);
  event.addEventListener('input', () => { event.dataset.auto = 'false'; });
}

async function consumersPage() {
  const list = (await json('consumers')).consumers;
  const body = h('tbody', { id: 'consumer-rows' });
  const refresh = h('button', { type: 'button', id: 'refresh', onclick: () => guarded(consumersPage) }, 'Refresh');
  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Consumers'),
    h('p', { class: 'muted', id: 'count' }, `${number(list.length)} consumer${list.length === 1 ? '' : 's'}`)), refresh),
  list.length === 0 ? h('p', { class: 'muted' }, 'No consumers. Create one with PUT /consumers/{id}/stream/{stream}.') :
    h('div', { class: 'table-wrap' }, h('table', { id: 'consumers' }, h('thead', {}, h('tr', {},
      h('th', {}, 'Consumer'), h('th', {}, 'Stream'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Position'),
      h('th', { class: 'num' }, 'Lag'), h('th', {}, 'State'))), body)));
  const versions = new Map();
  for (const item of list.slice(0, MAX_LISTED)) {
    let detail = item;
    try { detail = await json(`consumers/${enc(item.identifier)}`); } catch (error) { if (error.status === 401) throw error; }
    if (!versions.has(item.stream)) {
      try { versions.set(item.stream, (await json(`streams/${enc(item.stream)}/version`)).version); } catch { versions.set(item.stream, null); }
    }
    const version = versions.get(item.stream);
    const lag = typeof version === 'number' && typeof detail.position === 'number' ? Math.max(0, version - detail.position) : null;
    body.append(h('tr', { 'data-consumer': item.identifier },
      h('td', { class: 'name', 'data-label': 'Consumer' }, item.identifier),
      h('td', { class: 'name', 'data-label': 'Stream' }, h('a', { href: `#/stream/${enc(item.stream)}` }, item.stream)),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${detail.status}` }, detail.status)),
      h('td', { class: 'num', 'data-label': 'Position' }, number(detail.position)),
      h('td', { class: 'num', 'data-label': 'Lag' }, lag === null ? '—' : number(lag)),
      h('td', { class: 'state', 'data-label': 'State' }, detail.state === undefined ? '—' : jsonBlock(detail.state))));
    if (detail.status === 'faulted') {
      body.append(h('tr', { class: 'error-row', 'data-error-of': item.identifier }, h('td', { colspan: 6 },
        h('strong', {}, `Failed at revision ${detail.failedRevision ?? '?'}: `), detail.error ?? 'unknown error',
        ' · PUT the consumer again to restart it.')));
    }
  }
}

async function healthPage() {
  const samples = [];
  const status = h('div', { id: 'health-status' });
  const chart = h('div', { class: 'chart', id: 'chart' });
  const legend = h('div', { class: 'legend', id: 'legend' });
  const store = h('dl', { class: 'stats', id: 'store-stats' });
  const server = h('dl', { class: 'stats', id: 'server-stats' });
  show(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Health'), h('p', { class: 'muted' }, 'GET /health, every second.')), status),
    h('section', { class: 'panel' }, h('h2', {}, 'Throughput'), chart, legend),
    h('div', { class: 'grid' }, h('section', { class: 'panel' }, h('h2', {}, 'Store'), store), h('section', { class: 'panel' }, h('h2', {}, 'Server'), server)));
  const signal = pageAbort.signal;
  while (!signal.aborted) {
    let body;
    try {
      const response = await fetch(new URL('health', API), { cache: 'no-store', signal });
      body = await response.json();
    } catch (error) {
      if (error.name === 'AbortError') return;
      status.replaceChildren(h('span', { class: 'badge bad' }, 'unreachable'));
    }
    if (body) {
      samples.push({ at: performance.now(), body });
      if (samples.length > 61) samples.shift();
      renderHealth(body, { status, store, server });
      renderChart(samples, chart, legend);
    }
    await new Promise(resolve => { const timer = setTimeout(resolve, 1000); signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true }); });
  }
}

function stats(element, entries) {
  element.replaceChildren(...entries.filter(([, value]) => value !== undefined).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

function renderHealth(body, { status, store, server }) {
  status.replaceChildren(h('span', { class: `badge ${body.status === 'ok' ? 'ok' : 'bad'}`, id: 'status' }, body.status));
  const s = body.store ?? {};
  stats(store, [['open', String(s.open)], ['writable', String(s.writable)], ['events', number(s.length)], ['streams', number(s.streams)],
    ['consumers', number(s.consumers)], ['engine', s.engine], ['durability', s.durability], ['storage version', s.eventStorageVersion],
    ['fault', s.fault ?? undefined]]);
  const v = body.server ?? {};
  const totals = v.totals;
  stats(server, [['environment', v.env], ['uptime', formatDuration(v.uptimeSeconds)], ['runtime', v.runtime], ['processors', v.processorCount],
    ['working set', formatBytes(v.workingSetBytes)], ['open long-polls', number(v.openLongPolls)], ['open followers', number(v.openFollowers)],
    ...(totals ? [['commits', number(totals.commits)], ['events committed', number(totals.eventsCommitted)], ['reads', number(totals.reads)],
      ['events read', number(totals.eventsRead)], ['bytes read', formatBytes(totals.bytesRead)]] : [])]);
}

// Rates from the deltas of two samples: commits/s and reads/s from server.totals when the server reports them,
// otherwise events/s from store.length (and reads/s is unavailable).
function rates(samples) {
  const series = [[], []];
  const withTotals = samples.length > 0 && samples[samples.length - 1].body.server?.totals !== undefined;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    const seconds = Math.max((b.at - a.at) / 1000, 0.001);
    const ta = a.body.server?.totals, tb = b.body.server?.totals;
    if (withTotals && ta && tb) {
      series[0].push(Math.max(0, (tb.commits - ta.commits) / seconds));
      series[1].push(Math.max(0, (tb.reads - ta.reads) / seconds));
    } else {
      series[0].push(Math.max(0, ((b.body.store?.length ?? 0) - (a.body.store?.length ?? 0)) / seconds));
      series[1].push(null);
    }
  }
  return { withTotals, series };
}

function renderChart(samples, chart, legend) {
  const { withTotals, series } = rates(samples);
  // The drawing has the box's own width, so that its text is never stretched.
  const width = Math.max(280, Math.round(chart.clientWidth || 600)), height = 180, left = 44, bottom = 20, top = 10, slots = 60;
  const peak = Math.max(0, ...series.flat().filter(v => v !== null));
  const max = Math.max(1, peak);
  const scale = niceMax(max);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('data-peak', peak.toFixed(3));
  svg.setAttribute('aria-label', withTotals ? 'commits and reads per second' : 'events per second');
  const line = (x1, y1, x2, y2, cls) => { const l = document.createElementNS(ns, 'line'); Object.entries({ x1, y1, x2, y2, class: cls }).forEach(([k, v]) => l.setAttribute(k, v)); svg.append(l); };
  const text = (x, y, value, anchor) => { const t = document.createElementNS(ns, 'text'); Object.entries({ x, y, class: 'label', 'text-anchor': anchor }).forEach(([k, v]) => t.setAttribute(k, v)); t.textContent = value; svg.append(t); };
  const y = value => top + (height - top - bottom) * (1 - value / scale);
  const x = i => left + (width - left - 8) * (i / (slots - 1));
  for (const fraction of [0, 0.5, 1]) {
    line(left, y(scale * fraction), width - 8, y(scale * fraction), 'axis');
    text(left - 6, y(scale * fraction) + 4, compact(scale * fraction), 'end');
  }
  text(left, height - 4, '60 s ago', 'start');
  text(width - 8, height - 4, 'now', 'end');
  series.forEach((values, index) => {
    const points = values.map((v, i) => v === null ? null : `${x(slots - values.length + i).toFixed(1)},${y(v).toFixed(1)}`).filter(Boolean);
    if (points.length < 1) return;
    const polyline = document.createElementNS(ns, 'polyline');
    polyline.setAttribute('points', points.length === 1 ? `${points[0]} ${points[0]}` : points.join(' '));
    polyline.setAttribute('class', `s${index}`);
    svg.append(polyline);
  });
  chart.replaceChildren(svg);
  const latest = values => values.length ? values[values.length - 1] : null;
  const label = value => value === null ? '—' : `${value.toFixed(value < 10 ? 1 : 0)}/s`;
  legend.replaceChildren(
    h('span', { class: 'l0', id: 'rate-0' }, withTotals ? 'commits/s' : 'events/s', h('b', {}, label(latest(series[0])))),
    withTotals ? h('span', { class: 'l1', id: 'rate-1' }, 'reads/s', h('b', {}, label(latest(series[1]))))
      : h('span', { class: 'off', id: 'rate-1' }, 'reads/s unavailable (this server does not report server.totals)'));
}

function niceMax(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function compact(value) {
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10000 ? 0 : 1)}k` : String(Math.round(value * 10) / 10);
}

// ---------- routing ----------

const routes = [
  [/^#\/streams$/, 'streams', () => streamsPage()],
  [/^#\/stream\/(.+)$/, 'streams', name => eventsPage({ title: name, path: `streams/${enc(name)}`, what: `the stream ${name}` })],
  [/^#\/all$/, 'all', () => eventsPage({ title: 'Global log', subtitle: 'every event in commit order (_all)', path: 'streams/_all', what: 'the global log', versionLabel: 'events' })],
  [/^#\/categories(?:\/(.+))?$/, 'categories', name => categoriesPage(name)],
  [/^#\/query$/, 'query', () => queryPage()],
  [/^#\/consumers$/, 'consumers', () => consumersPage()],
  [/^#\/health$/, 'health', () => healthPage()],
];

function route() {
  pageAbort.abort();
  pageAbort = new AbortController();
  nav.classList.remove('open');
  menu.setAttribute('aria-expanded', 'false');
  const hash = location.hash || '#/streams';
  for (const [pattern, page, render] of routes) {
    const match = pattern.exec(hash);
    if (!match) continue;
    for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.page === page);
    let argument;
    try { argument = match[1] === undefined ? undefined : decodeURIComponent(match[1]); } catch { argument = match[1]; }
    document.title = `${page[0].toUpperCase()}${page.slice(1)} · CleanEventStore`;
    guarded(() => render(argument));
    main.focus({ preventScroll: true });
    return;
  }
  location.hash = '#/streams';
}

menu.addEventListener('click', () => {
  const open = nav.classList.toggle('open');
  menu.setAttribute('aria-expanded', String(open));
});
window.addEventListener('hashchange', route);
renderKeyStatus();
route();
