'use strict';
/*
 * AccountStream's live page: a replica of GET /v1/accounts/stream held in this page (memory
 * only: a reload starts afresh), and what it shows about it. Events (DESIGN §13): `clear`,
 * `records` (a JSON array of upserts and removals), `current`, `bookmark`; the last event of each
 * server frame carries the id to resume from, during a snapshot too (resuming continues it);
 * the `clear` event's id is `snapshot`, which resumes nothing.
 */
(() => {
  const STREAM_PATH = '/v1/accounts/stream';
  const SNAPSHOT_ID = 'snapshot';          // the clear's id, which resumes nothing: reconnecting starts afresh
  const ACCESS_KEY = 'accountstream.access-token';
  const RATE_WINDOW_MS = 10_000;
  const RECENT_CHANGES = 20;
  const BACKOFF_MIN_MS = 1_000;
  const BACKOFF_MAX_MS = 30_000;
  const PROBE_TIMEOUT_MS = 10_000;

  /**
   * The accounts by aci, as domain/.../Replica.java keeps them: a removal naming an aci removes
   * that account only, and while two accounts briefly claim one number (a move whose two halves
   * arrive out of order) the latest claim is the one looked up. `holder` indexes e164 → aci of
   * that latest claim; `shadowed` keeps the other claimants, so a holder's release hands the
   * number back without scanning every account.
   */
  class Replica {
    constructor() { this.clear(); }

    clear() {
      this.accounts = new Map();  // aci → {e164, pni, order}
      this.holder = new Map();    // e164 → aci
      this.shadowed = new Map();  // e164 → Set of acis also claiming it
      this.applied = 0;
    }

    get size() { return this.accounts.size; }

    upsert(aci, e164, pni) {
      const before = this.accounts.get(aci);
      if (before && before.e164 !== e164) this.release(before.e164, aci);
      this.accounts.set(aci, { e164, pni, order: ++this.applied });
      const holder = this.holder.get(e164);
      if (holder !== undefined && holder !== aci) this.claimants(e164).add(holder);
      this.shadowed.get(e164)?.delete(aci);
      this.holder.set(e164, aci);
    }

    remove(e164, removedAci) {
      if (removedAci) {
        const account = this.accounts.get(removedAci);
        if (account) {
          this.accounts.delete(removedAci);
          this.release(account.e164, removedAci);
        }
        return;
      }
      // A removal without an aci removes whoever holds the number.
      for (const aci of [this.holder.get(e164), ...(this.shadowed.get(e164) ?? [])]) this.accounts.delete(aci);
      this.holder.delete(e164);
      this.shadowed.delete(e164);
    }

    /** `aci` no longer claims `e164`: if it held it, the latest other claimant does. */
    release(e164, aci) {
      const others = this.shadowed.get(e164);
      if (this.holder.get(e164) !== aci) {
        others?.delete(aci);
      } else if (others?.size) {
        const latest = [...others].reduce((a, b) => this.accounts.get(a).order > this.accounts.get(b).order ? a : b);
        others.delete(latest);
        this.holder.set(e164, latest);
      } else {
        this.holder.delete(e164);
      }
      if (others && !others.size) this.shadowed.delete(e164);
    }

    claimants(e164) {
      if (!this.shadowed.has(e164)) this.shadowed.set(e164, new Set());
      return this.shadowed.get(e164);
    }

    lookup(e164) {
      const aci = this.holder.get(e164);
      return aci === undefined ? null : { aci, pni: this.accounts.get(aci).pni };
    }
  }

  const replica = new Replica();
  const view = {
    connection: 'connecting', // connecting | live | reconnecting | needs-token | refused
    state: 'none',            // none | snapshot | catching-up | current | stale
    snapshotRecords: 0,
    snapshotStartedAt: 0,
    snapshotTook: 0,          // ms from clear to current, of the last complete snapshot
    arrivals: [],             // [time, changes] per records event, the last RATE_WINDOW_MS
    lastChangeAt: 0,
    recent: [],               // newest first: {e164, kind, aci, at}
    recentChanged: true,
    lastId: '',               // the last event id received: a token, SNAPSHOT_ID or none
    retryAt: 0,
    connects: 0,
    openedAt: 0,
    problem: '',              // the server's last refusal, as its problem detail says
  };
  let source = null;
  let failures = 0;           // closed connections in a row, for the backoff
  let retryTimer = 0;

  const $ = (id) => document.getElementById(id);
  const numbers = new Intl.NumberFormat();

  // --- the stream ---------------------------------------------------------------------------

  /** The stream's URL: the page's own start/limit, the token to resume from, the access token. */
  function streamUrl(token, withSecret = true) {
    const params = new URLSearchParams();
    const page = new URLSearchParams(location.search);
    for (const key of ['start', 'limit']) if (page.has(key)) params.set(key, page.get(key));
    if (token) params.set('token', token);
    const secret = sessionStorage.getItem(ACCESS_KEY);
    if (secret && withSecret) params.set('access_token', secret);
    const query = params.toString();
    return STREAM_PATH + (query ? '?' + query : '');
  }

  /** The id to resume from; none when nothing was received, or while a snapshot was in flight. */
  function resumeToken() {
    return view.lastId === SNAPSHOT_ID ? '' : view.lastId;
  }

  function connect() {
    clearTimeout(retryTimer);
    view.retryAt = 0;
    setConnection('connecting');
    // Once it has an id, EventSource's own reconnects send it as Last-Event-ID, which the server
    // prefers to the token in the URL.
    const events = new EventSource(streamUrl(resumeToken()));
    source = events;
    events.addEventListener('open', () => {
      failures = 0;
      view.connects++;
      view.openedAt = Date.now();
      setConnection('live');
      if (view.state === 'stale') setState('catching-up');
    });
    events.addEventListener('clear', (event) => {
      replica.clear();
      view.snapshotRecords = 0;
      view.snapshotStartedAt = Date.now();
      setState('snapshot');
      received(event);
    });
    events.addEventListener('records', onRecords);
    events.addEventListener('current', (event) => {
      if (view.state === 'snapshot') view.snapshotTook = Date.now() - view.snapshotStartedAt;
      setState('current');
      received(event);
    });
    events.addEventListener('bookmark', received);
    events.addEventListener('error', () => {
      if (events !== source) return;
      markStale();
      if (events.readyState === EventSource.CLOSED) {
        recover(); // a non-200 answer: EventSource has given up for good
      } else {
        setConnection('reconnecting'); // EventSource retries by itself, with Last-Event-ID
      }
    });
  }

  function onRecords(event) {
    const records = JSON.parse(event.data);
    for (const record of records) {
      if (record.aci) replica.upsert(record.aci, record.e164, record.pni);
      else replica.remove(record.e164, record.removedAci);
    }
    if (view.state === 'snapshot') {
      view.snapshotRecords += records.length;
    } else {
      const now = Date.now();
      view.arrivals.push([now, records.length]);
      view.lastChangeAt = now;
      const changes = records.slice(-RECENT_CHANGES).reverse().map((record) => ({
        e164: record.e164,
        kind: record.aci ? 'upsert' : 'removal',
        aci: record.aci ?? record.removedAci,
        at: now,
      }));
      view.recent = changes.concat(view.recent).slice(0, RECENT_CHANGES);
      view.recentChanged = true;
    }
    document.body.dataset.records = replica.size;
    received(event);
  }

  function received(event) {
    view.lastId = event.lastEventId;
  }

  /**
   * After a refusal (400: stop; 401/403: ask for an access token; 429/503: wait as Retry-After
   * says) or a server that does not answer. EventSource does not show the status, so a fetch of
   * the same URL asks for it; a 200's body is dropped at once (it would stream on).
   */
  async function recover() {
    source.close();
    setConnection('reconnecting');
    const { status, retryAfter, detail } = await probe(streamUrl(resumeToken()));
    if (status !== 200) view.problem = status ? `${status}: ${detail}` : 'no answer from the server';
    if (status === 400) {
      setConnection('refused'); // the page's own start/limit: retrying would not help
      return;
    }
    if (status === 401 || status === 403) {
      askForAccessToken(status);
      return;
    }
    failures++;
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (failures - 1));
    // Jitter: pages that lost one server together do not all come back in the same instant.
    const delay = Math.max(backoff * (0.5 + Math.random() / 2), retryAfter * 1000);
    view.retryAt = Date.now() + delay;
    retryTimer = setTimeout(connect, delay);
  }

  async function probe(url) {
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), PROBE_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        headers: { Accept: 'text/event-stream' }, cache: 'no-store', signal: abort.signal,
      });
      const detail = response.ok ? '' : (await response.json().catch(() => ({}))).detail ?? response.statusText;
      return { status: response.status, retryAfter: Number(response.headers.get('Retry-After')) || 0, detail };
    } catch {
      return { status: 0, retryAfter: 0 }; // unreachable or no answer: back off and try again
    } finally {
      clearTimeout(timeout);
      abort.abort();
    }
  }

  function askForAccessToken(status) {
    const had = sessionStorage.getItem(ACCESS_KEY);
    $('access-reason').textContent = status === 403
      ? 'The access token does not cover the range this page asks for.'
      : had ? 'The access token was not accepted.' : 'This server asks for an access token.';
    $('access').hidden = false;
    setConnection('needs-token');
    $('access-token').focus();
  }

  $('access-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(ACCESS_KEY, $('access-token').value.trim());
    $('access-token').value = '';
    $('access').hidden = true;
    failures = 0;
    connect();
  });

  // --- state --------------------------------------------------------------------------------

  function setConnection(connection) {
    view.connection = connection;
    document.body.dataset.connection = connection;
  }

  function setState(state) {
    view.state = state;
    document.body.dataset.state = state;
  }

  /** Whatever is held stops being current once the connection drops. */
  function markStale() {
    if (view.state === 'current' || view.state === 'catching-up') setState('stale');
  }

  // --- display (ticks; events only change `view`) ---------------------------------------------

  const STATES = {
    none: ['Waiting', () => 'no events yet'],
    snapshot: ['Snapshot in progress', () => {
      const seconds = Math.max(1, (Date.now() - view.snapshotStartedAt) / 1000);
      return `${numbers.format(view.snapshotRecords)} records · ${numbers.format(Math.round(view.snapshotRecords / seconds))}/s`;
    }],
    'catching-up': ['Catching up', () => 'resumed; receiving what changed meanwhile'],
    current: ['Current', () => 'holds the whole current dataset'],
    stale: ['Not current', () => 'disconnected; resumes where it stopped'],
  };

  function render() {
    const now = Date.now();
    $('pill-text').textContent = {
      connecting: 'Connecting',
      live: 'Live',
      reconnecting: view.retryAt ? `Reconnecting in ${Math.max(0, Math.ceil((view.retryAt - now) / 1000))} s` : 'Reconnecting',
      'needs-token': 'Needs access token',
      refused: 'Refused',
    }[view.connection];
    $('held').textContent = numbers.format(replica.size);
    const [title, note] = STATES[view.state];
    $('dataset').textContent = title;
    $('dataset-note').textContent = note();

    while (view.arrivals.length && view.arrivals[0][0] < now - RATE_WINDOW_MS) view.arrivals.shift();
    const changes = view.arrivals.reduce((sum, [, count]) => sum + count, 0);
    $('rate').textContent = (changes / (RATE_WINDOW_MS / 1000)).toFixed(1);
    $('since').textContent = view.lastChangeAt ? ago(now - view.lastChangeAt) : '–';
    $('since-note').textContent = view.lastChangeAt ? `at ${clock(view.lastChangeAt)}` : 'no change yet';
    $('connected').textContent = view.connection === 'live' ? `since ${clock(view.openedAt)}` : '–';
    $('snapshot').textContent = view.snapshotTook
      ? `${numbers.format(view.snapshotRecords)} records in ${(view.snapshotTook / 1000).toFixed(1)} s` : '–';
    $('last-id').textContent = view.lastId ? shorten(view.lastId) : '–';
    $('connects').textContent = view.connects;
    $('problem').textContent = view.problem || '–';
    if (view.recentChanged) renderChanges();
    renderAnswer();
  }

  function renderChanges() {
    view.recentChanged = false;
    $('changes').replaceChildren(...view.recent.map((change) => {
      const item = element('li', '', '');
      item.dataset.e164 = change.e164;
      item.append(element('time', 'time', clock(change.at)), element('span', 'e164', '+' + change.e164),
        element('span', 'aci', change.aci ? change.aci.slice(0, 8) : ''),
        element('span', 'kind ' + change.kind, change.kind));
      return item;
    }));
    $('changes-empty').hidden = view.recent.length > 0;
  }

  /** The lookup's answer, again at every tick: the replica changes under it. */
  function renderAnswer() {
    const typed = $('lookup').value.trim();
    const answer = $('answer');
    delete answer.dataset.aci;
    if (!typed) {
      answer.replaceChildren(element('p', 'note', "Answered from this page's replica."));
      return;
    }
    const e164 = typed.replace(/^\+/, '');
    if (!/^[1-9]\d{0,14}$/.test(e164)) {
      answer.replaceChildren(element('p', 'miss', 'Digits only, with an optional leading +'));
      return;
    }
    const found = replica.lookup(e164);
    if (!found) {
      answer.replaceChildren(element('p', 'miss', `+${e164}: not found`));
      return;
    }
    answer.dataset.aci = found.aci;
    const facts = element('dl', 'facts', '');
    facts.append(element('dt', '', 'aci'), element('dd', 'mono', found.aci),
      element('dt', '', 'pni'), element('dd', 'mono', found.pni ?? 'none'));
    answer.replaceChildren(facts);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = text;
    return node;
  }

  function ago(ms) {
    const seconds = Math.floor(ms / 1000);
    if (seconds < 60) return `${seconds} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
    return `${Math.floor(seconds / 3600)} h ${Math.floor(seconds / 60) % 60} min`;
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  function shorten(id) {
    return id.length > 24 ? `${id.slice(0, 10)}…${id.slice(-10)}` : id;
  }

  $('lookup-form').addEventListener('submit', (event) => event.preventDefault());
  $('lookup').addEventListener('input', renderAnswer);
  $('server').textContent = location.host;
  $('stream').textContent = streamUrl('', false);
  connect();
  render();
  setInterval(render, 250);
})();
