// wslab chat page: plain JavaScript, no build step.
//
// One chat, two transports with the same JSON commands and events:
//   WebSocket     new WebSocket('/ws', ['wslab.chat.v1', 'bearer.<jwt>']); one JSON object per text message.
//   Long polling  POST /poll/sessions, then GET /poll/sessions/{id}/events?cursor=N&wait=25 in a loop,
//                 commands as POST /poll/sessions/{id}/commands (replies arrive in the event stream).
// The page keeps the rooms the user joined and joins them again after every reconnect.
// Over WebSocket the session is resumable: the page asks {type:'session'} first, keeps the resume token
// (in memory only) and the last event number ('seq'); after a dropped connection it sends
// {type:'resume', token, seq} first and gets exactly the events it missed, in the same rooms, and
// resends the commands that were not answered (a message already accepted comes back 'duplicate').
// Long polling asks for the same resumable session (so that a WebSocket can take it over); when its
// node of a cluster stops answering it resumes the session the same way on a new poll session at the
// next node: the resume goes first, then the unanswered commands.
// Presence is per room: a join brings the room's {type:'members'} once, then userJoined/userLeft
// deltas keep it current; who is online globally is asked for ({type:'users'}), never pushed.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  // Where the chat server is: this page's own origin, unless the page that embeds this script names
  // another with <meta name="wslab-server" content="http://host:port"> (a front end on another
  // origin, as the seed's ran on :9000; the server must list that origin in --allowed-origins, which
  // also turns on CORS for /api/* and /poll/*). Never read from the URL: a link must not be able to
  // send the user's password elsewhere. The content may list several servers, comma-separated: the
  // nodes of a cluster (--redis), tried in order; when the page cannot reach one it moves to the next,
  // and its session resumes there (sessions live in Redis), over WebSocket or over long polling.
  const SERVERS = ((document.querySelector('meta[name="wslab-server"]') || {}).content || '')
      .split(',').map((s) => s.trim().replace(/\/+$/, '')).filter((s) => s.length > 0);
  let serverIndex = 0;
  const currentServer = () => (SERVERS.length ? SERVERS[serverIndex] : '');
  const serverUrl = (path) => currentServer() + path;
  /** Moves to the next server of the list; false when there is only one. */
  function nextServer() {
    if (SERVERS.length < 2) return false;
    serverIndex = (serverIndex + 1) % SERVERS.length;
    return true;
  }
  function webSocketUrl(path) {
    const base = new URL(currentServer() || location.origin);
    return `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${path}`;
  }

  const RECONNECT_BASE_MS = 500;
  const RECONNECT_MAX_MS = 15000;
  const LONG_POLL_SECONDS = 25;
  const MAX_INSPECTOR_ROWS = 400;
  const ONLINE_REFRESH_MS = 30000; // the global online list is a request: ask now and then, not per event
  const DIRECTORY_PAGES = 10; // /api/rooms pages followed per refresh: 1,000 rooms (the default --max-rooms) at 100 a page

  const state = {
    token: null,
    user: null,            // {userId, userName}
    transport: null,       // the running transport
    rooms: new Map(),      // room -> {messages: [], members: Set, unread: 0}
    joined: new Set(),     // rooms the user is in (rejoined after a reconnect)
    current: null,         // the room on screen
    online: [],
    pending: new Map(),    // command id -> {type, room}
    nextId: 1,
    directoryTimer: null,
    usersTimer: null,
  };

  // ---------------------------------------------------------------- helpers

  /** Equal-jitter exponential backoff: half the step is fixed, half random, so clients spread out. */
  function backoffDelay(attempt) {
    const step = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
    return Math.round(step / 2 + Math.random() * step / 2);
  }

  function randomKey() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function time(ms) {
    const d = new Date(ms);
    return d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
  }

  function preciseTime(ms) {
    const d = new Date(ms);
    return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  let flashTimer = null;
  let steadyStatus = {text: 'not connected', kind: 'offline'};

  function setStatus(text, kind) {
    clearTimeout(flashTimer);
    steadyStatus = {text, kind};
    $('status-text').textContent = text;
    $('status').dataset.state = kind;
  }

  /** Shows a problem for a few seconds, then the connection state again. */
  function flash(text) {
    clearTimeout(flashTimer);
    $('status-text').textContent = text;
    $('status').dataset.state = 'error';
    flashTimer = setTimeout(() => {
      $('status-text').textContent = steadyStatus.text;
      $('status').dataset.state = steadyStatus.kind;
    }, 4000);
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (options.body) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(serverUrl(path), Object.assign({}, options, {headers, cache: 'no-store'}));
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = {reason: text}; }
    if (options.inspect) {
      inspector.http(options.method || 'GET', path, response.status, performance.now() - started, text.length, body);
    }
    return {status: response.status, body};
  }

  function room(name) {
    if (!state.rooms.has(name)) state.rooms.set(name, {messages: [], seen: new Set(), members: new Set(), unread: 0});
    return state.rooms.get(name);
  }

  // ---------------------------------------------------------------- WebSocket transport

  class WebSocketTransport {
    constructor() {
      this.kind = 'websocket';
      this.ws = null;
      this.stopped = false;
      this.attempt = 0;
      this.timer = null;
      this.resumeToken = null; // never stored, never in a URL: lost with the page, as it should be
      this.lastSeq = 0;
      this.ready = false;      // the session (new or resumed) is established on this connection
    }

    start() {
      this.stopped = false;
      this.connect();
    }

    /** The first answer on a connection: 'session' (new), 'resumed', or a refused resume. */
    establish(event) {
      if (event.type === 'session') {
        this.resumeToken = event.resumeToken;
        this.lastSeq = event.seq;
        this.ready = true;
        setStatus(`connected over WebSocket (subprotocol ${this.ws.protocol || 'none'}, resumable)`, 'online');
        onConnected();
      } else if (event.type === 'resumed') {
        this.ready = true;
        setStatus(`resumed over WebSocket: ${event.replayed} missed event(s) replayed`, 'online');
        // Commands sent and not answered before the drop go again, with their ids: the server
        // answers a message it already accepted with 'duplicate' instead of posting it twice.
        for (const command of state.pending.values()) {
          if (command.type === 'message' || command.type === 'join') this.ws.send(JSON.stringify(command));
        }
        // Who is online is asked for, never pushed: the list may have changed while we were away, and
        // an answer in flight when the old connection went (an upgrade aborts its long poll) is lost.
        refreshOnline();
      } else {
        // Refused (expired, unknown, events lost …): this connection is a new session.
        flash(`could not resume (${event.code}): ${event.reason}`);
        this.resumeToken = null;
        this.lastSeq = 0;
        this.ws.send(JSON.stringify({type: 'session', id: 's0'}));
      }
    }

    /** Events carry 'seq' on a resumable session: one seen already (a replay overlap) is skipped. */
    accept(event) {
      if (event.id === 's0' && (event.type === 'session' || event.type === 'resumed' || event.type === 'error')) {
        this.establish(event);
        return;
      }
      if (typeof event.seq === 'number') {
        if (event.seq <= this.lastSeq) return;
        this.lastSeq = event.seq;
      }
      handleEvent(event);
    }

    connect() {
      const query = inspector.enabled ? '?inspect=' + encodeURIComponent(inspector.key) : '';
      setStatus('connecting (WebSocket)…', 'connecting');
      // Browsers cannot set headers on a WebSocket: the token rides as a second subprotocol offer,
      // and the server answers with 'wslab.chat.v1' only.
      const ws = new WebSocket(webSocketUrl('/ws' + query), ['wslab.chat.v1', 'bearer.' + state.token]);
      this.ws = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this.attempt = 0;
        this.hops = 0;
        this.ready = false;
        setStatus(this.resumeToken ? 'reconnected; resuming the session…' : 'connected; opening the session…', 'connecting');
        ws.send(JSON.stringify(this.resumeToken
            ? {type: 'resume', token: this.resumeToken, seq: this.lastSeq, id: 's0'}
            : {type: 'session', id: 's0'}));
      };
      ws.onmessage = (event) => this.accept(JSON.parse(event.data));
      ws.onclose = (event) => this.closed(ws, event, opened);
    }

    /**
     * Takes over a WebSocket that a polling transport opened and resumed (the upgrade): same session,
     * same numbering; unanswered commands are resent as after any resume.
     */
    adopt(ws, resumeToken, lastSeq, resumed) {
      this.ws = ws;
      this.resumeToken = resumeToken;
      this.lastSeq = lastSeq;
      ws.onmessage = (event) => this.accept(JSON.parse(event.data));
      ws.onclose = (event) => this.closed(ws, event, true);
      this.establish(resumed);
      setStatus(`connected over WebSocket (upgraded from long polling, subprotocol ${ws.protocol || 'none'}, resumable)`, 'online');
    }

    closed(ws, event, opened) {
      {
        if (this.ws !== ws || this.stopped) return;
        if (event.code === 4001) {
          logout('Your login expired (the server closed with 4001 "' + event.reason + '"). Please log in again.');
          return;
        }
        // 1006: the connection vanished, so the server keeps the session for a resume; 1001: the server
        // is going away (a restart: on a cluster another node resumes the session); any other code is the
        // server (or we) ending it on purpose, and resuming would only be refused.
        if (event.code !== 1006 && event.code !== 1001) {
          this.resumeToken = null;
          this.lastSeq = 0;
        }
        const what = opened
            ? `connection closed: ${event.code}${event.reason ? ' "' + event.reason + '"' : ''}`
            : 'could not connect';
        this.retry(what, !opened);
      }
    }

    async retry(what, neverOpened) {
      if (neverOpened && nextServer()) {
        // A node of the cluster is unreachable: try the next one at once (the session resumes there);
        // once a whole round has failed, back off as usual before the next round.
        this.hops = (this.hops || 0) + 1;
        if (this.hops < SERVERS.length) {
          setStatus(`${what}; trying ${currentServer()}`, 'error');
          this.timer = setTimeout(() => { if (!this.stopped) this.connect(); }, 100);
          return;
        }
        this.hops = 0;
      }
      if (neverOpened) {
        // A refused handshake looks like code 1006 to a page; ask the API whether the token is still good.
        const check = await api('/api/rooms').catch(() => null);
        if (check && check.status === 401) {
          logout('Your login is no longer valid: ' + (check.body && check.body.reason || 'please log in again'));
          return;
        }
      }
      const delay = backoffDelay(this.attempt++);
      setStatus(`${what}; reconnecting in ${(delay / 1000).toFixed(1)} s`, 'error');
      this.timer = setTimeout(() => { if (!this.stopped) this.connect(); }, delay);
    }

    send(command) {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.ready) return false;
      this.ws.send(JSON.stringify(command));
      return true;
    }

    /** Reconnect now (e.g. so the inspector sees a fresh handshake). */
    restart() {
      if (this.ws) {
        const old = this.ws;
        this.ws = null;
        old.close(1000, 'reconnecting'); // a clean close ends the session at once: start a new one
      }
      this.resumeToken = null;
      this.lastSeq = 0;
      clearTimeout(this.timer);
      this.connect();
    }

    stop() {
      this.stopped = true;
      clearTimeout(this.timer);
      if (this.ws) this.ws.close(1000, 'bye');
      this.ws = null;
    }
  }

  // ---------------------------------------------------------------- long-polling transport

  class PollingTransport {
    /** upgrade: probe a WebSocket once the session is resumable and move the session there. */
    constructor(upgrade) {
      this.kind = 'polling';
      this.upgrade = upgrade;
      this.upgrading = false;
      this.resumeToken = null;
      this.lastSeq = 0;
      this.stopped = false;
      this.session = null;
      this.cursor = 0;
      this.attempt = 0;
      this.controller = null;
      this.ready = false;     // commands may go to this.session (not while a resume is on its way)
      this.resuming = false;  // the next poll session resumes this.resumeToken instead of starting afresh
      this.hops = 0;          // servers tried in a row since the last one that answered
    }

    start() {
      this.stopped = false;
      this.run();
    }

    async openSession() {
      const resume = this.resuming && this.resumeToken !== null;
      setStatus(resume ? `resuming the session on ${currentServer() || location.origin} (long polling)…`
          : 'connecting (long polling)…', 'connecting');
      const created = await api('/poll/sessions', {method: 'POST', inspect: true});
      if (created.status === 401) {
        logout('Your login is no longer valid: ' + created.body.reason);
        return false;
      }
      if (created.status !== 201) throw new Error('could not create a poll session: ' + created.status);
      this.session = created.body.sessionId;
      this.cursor = 0;
      this.ready = false;
      if (resume) {
        // The node that carried the session is gone, but the session is not (a cluster keeps it in Redis):
        // resume it on this poll session before any other command, from the last event shown, exactly
        // as the WebSocket path does. The answer ('resumed', or a refusal) comes in the event stream.
        await this.post({type: 'resume', token: this.resumeToken, seq: this.lastSeq, id: 's0'});
        return true;
      }
      this.attempt = 0;
      this.resumeToken = null;
      this.lastSeq = 0;
      this.ready = true;
      // Resumable, so that a WebSocket can take the session over; the answer comes in the stream.
      this.post({type: 'session', id: 's0'}).catch(() => {});
      setStatus('connected over HTTP long polling', 'online');
      onConnected();
      return true;
    }

    async run() {
      while (!this.stopped && !this.upgrading) {
        try {
          if (!this.session && !(await this.openSession())) return;
          if (!this.session) continue; // the new poll session ended at once: open another
          this.controller = new AbortController();
          const path = `/poll/sessions/${this.session}/events?cursor=${this.cursor}&wait=${LONG_POLL_SECONDS}`;
          const answer = await api(path, {signal: this.controller.signal, inspect: true});
          if (this.stopped || this.upgrading) return; // a WebSocket resume replays whatever this held
          if (answer.status === 200) {
            this.attempt = 0;
            this.hops = 0;
            for (const event of answer.body.events) this.accept(event);
            this.cursor = answer.body.cursor;
          } else if (answer.status === 401) {
            logout('Your login expired: ' + answer.body.reason);
            return;
          } else if (answer.status === 404 || answer.status === 410) {
            // The poll session is gone (expired, moved, or the cursor fell out of the window). A resumable
            // session is resumed on a new poll session; otherwise start over and rejoin.
            setStatus('poll session ended (' + (answer.body.reason || answer.status) + '); starting a new one', 'connecting');
            this.session = null;
            this.ready = false;
            this.resuming = this.resumeToken !== null;
          } else {
            throw new Error('poll answered ' + answer.status);
          }
        } catch (error) {
          if (this.stopped || this.upgrading) return; // an upgrade aborted the poll; it restarts run() if it fails
          this.attempt++;
          if (SERVERS.length > 1 && (!this.session || this.resuming || this.attempt >= 2) && nextServer()) {
            // This node does not answer (a second failure in a row, or no session there): move to the next
            // node of the cluster and resume the session there, as the WebSocket path does. Nothing is lost
            // or repeated: the resume replays exactly the events after the last one shown.
            this.session = null;
            this.ready = false;
            this.resuming = this.resumeToken !== null;
            this.hops++;
            if (this.hops < SERVERS.length) {
              setStatus(`polling failed (${error.message}); trying ${currentServer()}`, 'error');
              await sleep(100);
              continue;
            }
            this.hops = 0; // a whole round failed: back off before the next one
          }
          // Network trouble: ask again with the same cursor (or resume), so nothing is lost or repeated.
          const delay = backoffDelay(this.attempt - 1);
          setStatus(`polling failed (${error.message}); retrying in ${(delay / 1000).toFixed(1)} s`, 'error');
          await sleep(delay);
        }
      }
    }

    accept(event) {
      if (event.type === 'session' && event.id === 's0') {
        this.resumeToken = event.resumeToken;
        this.lastSeq = event.seq;
        if (this.upgrade) this.tryUpgrade();
        return;
      }
      if (event.type === 'resumed' && event.id === 's0') {
        this.resuming = false;
        this.attempt = 0;
        this.hops = 0;
        this.ready = true;
        setStatus(`resumed over long polling: ${event.replayed} missed event(s) replayed`, 'online');
        // As after a WebSocket resume: unanswered commands go again with their ids (an accepted message
        // comes back 'duplicate'), and who is online is asked anew.
        // One after the other, so that a join still comes before the messages to its room.
        let resent = Promise.resolve();
        for (const command of state.pending.values()) {
          if (command.type === 'message' || command.type === 'join') {
            resent = resent.then(() => this.post(command)).catch(() => {});
          }
        }
        refreshOnline();
        refreshDirectory();
        if (this.upgrade) this.tryUpgrade();
        return;
      }
      if (event.type === 'error' && event.id === 's0' && this.resuming) {
        // Refused (expired, unknown, events lost …): this poll session is a new session; rejoin.
        this.resuming = false;
        flash(`could not resume (${event.code}): ${event.reason}`);
        this.resumeToken = null;
        this.lastSeq = 0;
        this.ready = true;
        this.post({type: 'session', id: 's0'}).catch(() => {});
        setStatus('connected over HTTP long polling', 'online');
        onConnected();
        return;
      }
      if (typeof event.seq === 'number') {
        if (event.seq <= this.lastSeq) return;
        this.lastSeq = event.seq;
      }
      handleEvent(event);
    }

    /**
     * The seed's upgrade: open a WebSocket and resume this very session on it from the last event
     * polled. If the socket cannot be opened (refused, stripped by a proxy, not served), keep polling.
     */
    tryUpgrade() {
      this.upgrading = true;
      if (this.controller) this.controller.abort();
      let settled = false;
      const fallBack = (why) => {
        if (settled || this.stopped) return;
        settled = true;
        this.upgrading = false;
        setStatus(`connected over HTTP long polling (WebSocket unavailable: ${why})`, 'online');
        this.run();
      };
      let ws;
      try {
        ws = new WebSocket(webSocketUrl('/ws'), ['wslab.chat.v1', 'bearer.' + state.token]);
      } catch (e) {
        fallBack(e.message);
        return;
      }
      ws.onopen = () => ws.send(JSON.stringify({type: 'resume', token: this.resumeToken, seq: this.lastSeq, id: 's0'}));
      ws.onmessage = (message) => {
        const event = JSON.parse(message.data);
        if (settled) return;
        if (event.type === 'resumed' && event.id === 's0') {
          settled = true;
          this.stopped = true; // the server ended the poll session: the WebSocket carries it now
          const upgraded = new WebSocketTransport();
          state.transport = upgraded;
          upgraded.adopt(ws, this.resumeToken, this.lastSeq, event);
          inspector.transportChanged('websocket');
        } else if (event.id === 's0') {
          ws.close(1000, 'resume refused');
          fallBack(event.reason || event.code);
        }
      };
      ws.onclose = () => fallBack('the WebSocket could not be opened');
    }

    /** Posts one command to the current poll session; its reply comes through the event stream. */
    post(command) {
      const session = this.session;
      return api(`/poll/sessions/${session}/commands`, {method: 'POST', body: JSON.stringify(command), inspect: true})
          .then((answer) => {
            // Here only transport failures matter.
            if ((answer.status === 404 || answer.status === 410) && this.session === session) {
              this.session = null;
              this.ready = false;
              this.resuming = this.resumeToken !== null;
              if (this.controller) this.controller.abort();
            }
            return answer;
          });
    }

    send(command) {
      if (!this.session || !this.ready) return false;
      this.post(command).catch(() => flash('sending failed; the poll loop will reconnect'));
      return true;
    }

    restart() {
      // Nothing to re-handshake over HTTP; the inspector shows the page's own requests.
    }

    stop() {
      this.stopped = true;
      if (this.controller) this.controller.abort();
      if (this.session) {
        fetch(serverUrl(`/poll/sessions/${this.session}`), {method: 'DELETE', keepalive: true,
          headers: {Authorization: 'Bearer ' + state.token}}).catch(() => {});
      }
      this.session = null;
    }
  }

  // ---------------------------------------------------------------- the chat

  function startTransport(kind) {
    if (state.transport) state.transport.stop();
    // 'auto' is the seed's default: long polling first, then an upgrade to WebSocket on the same session.
    state.transport = kind === 'websocket' ? new WebSocketTransport() : new PollingTransport(kind === 'auto');
    inspector.transportChanged(kind === 'auto' ? 'polling' : kind);
    state.transport.start();
  }

  function sendCommand(command) {
    command.id = 'c' + state.nextId++;
    state.pending.set(command.id, command);
    if (!state.transport || !state.transport.send(command)) {
      state.pending.delete(command.id);
      flash('not connected: wait for the reconnect');
    }
  }

  /** After every (re)connect: join the user's rooms again and ask who is online. */
  function onConnected() {
    for (const name of state.joined) {
      room(name).members.clear(); // who is there now comes with each join's 'members' event
      sendCommand({type: 'join', room: name});
    }
    refreshOnline();
    refreshDirectory();
  }

  /** One {type:'users'} request; its reply replaces the online list. */
  function refreshOnline() {
    // Not through sendCommand: a timer's request while reconnecting need not flash an error.
    if (state.transport) state.transport.send({type: 'users', id: 'c' + state.nextId++});
  }

  /** Shows a message once, however often it arrives (live, in a history, after a reconnect). */
  function addMessage(r, event) {
    if (r.seen.has(event.id)) return false;
    r.seen.add(event.id);
    r.messages.push({kind: 'message', id: event.id, sender: event.sender.userName, text: event.message, ts: event.ts});
    return true;
  }

  function handleEvent(event) {
    switch (event.type) {
      case 'message': {
        const r = room(event.room);
        if (addMessage(r, event) && event.room !== state.current) r.unread++;
        render();
        break;
      }
      case 'history': {
        // The room's latest messages, sent once per join before any live event. After a reconnect
        // the page already shows some of them: message ids tell which, so nothing appears twice.
        const r = room(event.room);
        const fresh = event.messages.filter(m => !r.seen.has(m.id));
        if (fresh.length > 0 && r.messages.length === 0) {
          r.messages.push({kind: 'system', text: `${fresh.length} earlier message${fresh.length === 1 ? '' : 's'}`, ts: Date.now()});
        }
        for (const m of fresh) addMessage(r, m);
        render();
        break;
      }
      case 'members': // sent once to this session when it joins, before the join's ok
        room(event.room).members = new Set(event.users);
        render();
        break;
      case 'userJoined': { // a user's first session entered one of our rooms
        const r = room(event.room);
        r.members.add(event.userName);
        r.messages.push({kind: 'system', text: `${event.userName} joined`, ts: Date.now()});
        render();
        break;
      }
      case 'userLeft': { // a user's last session left one of our rooms
        const r = room(event.room);
        r.members.delete(event.userName);
        r.messages.push({kind: 'system', text: `${event.userName} left`, ts: Date.now()});
        render();
        break;
      }
      case 'users': // the reply to our {type:'users'} request
        state.pending.delete(event.id);
        state.online = event.users;
        render();
        break;
      case 'ok': {
        const command = state.pending.get(event.id);
        state.pending.delete(event.id);
        if (command && command.type === 'join' && !state.joined.has(command.room)) {
          state.joined.add(command.room);
          room(command.room);
          select(command.room);
          refreshDirectory();
        } else if (command && command.type === 'exit') {
          refreshDirectory();
        }
        break;
      }
      case 'error': {
        state.pending.delete(event.id);
        flash(`the server refused a command: ${event.reason} (${event.code})`);
        break;
      }
      default:
        break;
    }
  }

  function select(name) {
    state.current = name;
    if (name) room(name).unread = 0;
    render();
  }

  function join(name) {
    name = name.trim();
    if (!name) return;
    if (state.joined.has(name)) {
      select(name);
      return;
    }
    sendCommand({type: 'join', room: name});
  }

  function exit(name) {
    if (!state.joined.has(name)) return;
    sendCommand({type: 'exit', room: name});
    state.joined.delete(name);
    state.rooms.delete(name);
    if (state.current === name) state.current = [...state.joined][0] || null;
    render();
  }

  /**
   * The room directory (which rooms exist, how full): pulled on a timer and after our own joins and exits.
   * /api/rooms is paginated; the page follows `next` for at most DIRECTORY_PAGES pages and says how many more exist.
   */
  async function refreshDirectory() {
    if (!state.token) return;
    try {
      const rooms = [];
      let total = 0;
      let next = null;
      for (let page = 0; page < DIRECTORY_PAGES; page++) {
        const answer = await api('/api/rooms' + (next === null ? '' : '?after=' + encodeURIComponent(next)));
        if (answer.status !== 200) return;
        rooms.push(...answer.body.rooms);
        total = answer.body.total;
        next = answer.body.next;
        if (next === null) break;
      }
      const list = $('all-rooms');
      list.replaceChildren();
      for (const r of rooms) {
        list.append(el('li', {dataset: {room: r.name}, title: r.members.join(', '), onclick: () => join(r.name)},
            el('span', {className: 'name'}, '# ' + r.name), el('span', {className: 'count'}, String(r.memberCount))));
      }
      if (next !== null) list.append(el('li', {className: 'empty more'}, `and ${Math.max(1, total - rooms.length)} more rooms`));
      if (rooms.length === 0) list.append(el('li', {className: 'empty'}, 'no rooms yet'));
      render();
    } catch (e) {
      // The directory is a convenience; the chat itself goes on.
    }
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    const mine = $('my-rooms');
    mine.replaceChildren();
    for (const name of state.joined) {
      const r = room(name);
      mine.append(el('li', {className: name === state.current ? 'selected' : '', dataset: {room: name},
        onclick: () => select(name)},
      el('span', {className: 'name'}, '# ' + name),
      r.unread > 0 ? el('span', {className: 'badge'}, String(r.unread)) : null));
    }
    if (state.joined.size === 0) mine.append(el('li', {className: 'empty'}, 'join a room to start'));

    const users = $('users');
    users.replaceChildren(...state.online.map((u) => el('li', {}, el('span', {className: 'name'}, u))));

    const members = $('members');
    members.replaceChildren();
    const current = state.current && state.joined.has(state.current) ? room(state.current) : null;
    if (current) {
      for (const m of [...current.members].sort()) members.append(el('li', {}, el('span', {className: 'name'}, m)));
    }

    $('room-title').textContent = current ? '# ' + state.current : 'No room selected';
    $('exit-btn').hidden = !current;
    $('message-input').disabled = !current;
    $('send-btn').disabled = !current;
    $('message-input').placeholder = current ? `Message #${state.current}` : 'Join a room to chat';

    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren();
    if (current) {
      for (const m of current.messages) {
        if (m.kind === 'system') {
          list.append(el('li', {className: 'system'}, `${m.text} · ${time(m.ts)}`));
        } else {
          const mine = m.sender === state.user.userName;
          list.append(el('li', {className: 'msg' + (mine ? ' mine' : ''), dataset: {id: m.id}},
              el('div', {className: 'meta'}, el('b', {}, m.sender), time(m.ts)),
              el('div', {className: 'text'}, m.text)));
        }
      }
    }
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  // ---------------------------------------------------------------- the frame inspector
  //
  // WebSocket: the server reports the frames of this page's own connection. The page opens its
  // WebSocket as /ws?inspect=<key> and reads the records over HTTP from /api/inspector/<key> (a side
  // channel: sending them over the inspected WebSocket would create frames that must be reported, and
  // so on forever). Long polling has no frames: the panel then lists the page's HTTP requests.

  const inspector = {
    enabled: false,
    key: randomKey(),
    cursor: 0,
    controller: null,
    loop: 0,

    setEnabled(on) {
      this.enabled = on;
      $('inspector').hidden = !on;
      if (on) {
        this.read();
        this.note();
        // A fresh connection, so the handshake is shown too.
        if (state.transport) state.transport.restart();
      } else if (this.controller) {
        this.loop++;
        this.controller.abort();
      }
    },

    transportChanged(kind) {
      if (!this.enabled) return;
      if (kind === 'polling') $('inspector-handshake').replaceChildren();
      this.line('note', preciseTime(Date.now()), `switched to ${kind === 'polling' ? 'long polling' : 'WebSocket'}`);
      this.note(null, kind);
    },

    note(detail, kind = state.transport && state.transport.kind) {
      const what = kind === 'polling'
          ? 'long polling has no frames: these are the HTTP requests this page makes, as the browser saw them'
          : 'frames of this page\'s WebSocket as the server read (→) and wrote (←) them';
      $('inspector-note').textContent = detail ? `${what} · ${detail}` : what;
      $('inspector').dataset.mode = kind === 'polling' ? 'polling' : 'websocket'; // no frame columns for HTTP
    },

    async read() {
      const loop = ++this.loop;
      while (this.enabled && loop === this.loop && state.token) {
        this.controller = new AbortController();
        try {
          const answer = await api(`/api/inspector/${this.key}?cursor=${this.cursor}&wait=25`,
              {signal: this.controller.signal});
          if (loop !== this.loop) return;
          if (answer.status === 200) {
            for (const record of answer.body.events) this.show(record);
            this.cursor = answer.body.cursor;
          } else if (answer.status === 410 && answer.body.latestCursor !== undefined) {
            this.line('note', preciseTime(Date.now()), '… records were dropped while the panel lagged behind');
            this.cursor = answer.body.latestCursor;
          } else {
            await sleep(2000);
          }
        } catch (e) {
          if (loop !== this.loop) return;
          await sleep(1000);
        }
      }
    },

    show(record) {
      if (record.type === 'handshake') {
        $('inspector-handshake').replaceChildren(
            el('div', {}, el('h4', {}, `→ upgrade request, as the server read it (${record.connectionId})`),
                el('pre', {}, record.request)),
            el('div', {}, el('h4', {}, '← the server\'s answer'), el('pre', {}, record.response)));
        this.note(`${record.connectionId}: handshake at ${preciseTime(record.at)}`);
      } else if (record.type === 'frame') {
        const inbound = record.direction === 'in';
        // permessage-deflate (RFC 7692): RSV1 marks a compressed message's first frame; the payload on the
        // wire is DEFLATE, and the server's inspector shows what it inflates to.
        const compressed = record.inflatedLength !== undefined && record.inflatedLength !== null;
        const payload = el('div', {className: compressed ? 'inflated' : ''}, record.preview);
        const wire = compressed
            ? (record.masked ? 'compressed, masked on the wire: ' : 'compressed on the wire: ') + record.wireHex
            : (record.masked ? 'masked on the wire: ' + record.wireHex : null);
        const cell = wire ? el('div', {}, payload, el('div', {className: 'wire'}, wire)) : payload;
        const opcode = el('span', {className: 'op-' + record.opcodeName}, `0x${record.opcode.toString(16)} ${record.opcodeName}`);
        this.row('frame', [
          preciseTime(record.at),
          el('span', {className: 'dir ' + record.direction}, inbound ? '→ to server' : '← to browser'),
          record.fin ? '1' : '0',
          record.rsv1 ? el('span', {}, opcode, ' ', el('span', {className: 'rsv1', title: 'RSV1 = 1: a compressed message (permessage-deflate, RFC 7692 §6)'}, 'RSV1')) : opcode,
          record.masked ? '1' : '0',
          record.masked ? record.maskingKey : el('span', {className: 'dim'}, '—'),
          compressed ? `${record.payloadLength} (${record.lengthForm}) → ${record.inflatedLength} inflated` : `${record.payloadLength} (${record.lengthForm})`,
          cell,
        ], `header ${record.headerLength} bytes; first payload bytes on the wire: ${record.wireHex}`);
      } else if (record.type === 'violation') {
        this.line('violation', preciseTime(record.at),
            `${record.direction}: ${record.explanation} → close ${record.closeCode} (${record.rfcSection})`);
      } else if (record.type === 'closed') {
        this.line('closed', preciseTime(record.at), `${record.connectionId} closed: ${record.reason}`);
      }
    },

    /** The page's own HTTP exchanges while on long polling. */
    http(method, path, status, ms, bytes, body) {
      if (!this.enabled || !state.transport || state.transport.kind !== 'polling') return;
      const count = body && Array.isArray(body.events) ? body.events.length : null;
      const events = count === null ? '' : ` · ${count} event${count === 1 ? '' : 's'}`;
      const shown = path.replace(/\/poll\/sessions\/[^/?]+/, '/poll/sessions/…');
      this.line('http', preciseTime(Date.now()), `${method} ${shown} → ${status} · ${bytes} bytes · ${Math.round(ms)} ms${events}`,
          el('span', {className: 'dir http'}, 'HTTP'));
    },

    /** A row with all eight columns (a frame). */
    row(kind, cells, title) {
      const tr = el('tr', {className: kind});
      if (title) tr.title = title;
      cells.forEach((cell, i) => tr.append(el('td', {className: i === 7 ? 'payload' : ''}, cell)));
      this.append(tr);
    },

    /** A row with a time, an optional badge and one text across the rest (notes, HTTP, violations). */
    line(kind, when, text, badge) {
      const tr = el('tr', {className: kind}, el('td', {}, when));
      if (badge) tr.append(el('td', {}, badge));
      tr.append(el('td', {colspan: String(badge ? 6 : 7), className: 'wide'}, text));
      this.append(tr);
    },

    append(tr) {
      const scroller = $('frames').closest('.frames-wrap');
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
      $('frames').append(tr);
      while ($('frames').children.length > MAX_INSPECTOR_ROWS) $('frames').firstChild.remove();
      if (atBottom) scroller.scrollTop = scroller.scrollHeight;
    },

    clear() {
      $('frames').replaceChildren();
      $('inspector-handshake').replaceChildren();
    },
  };

  // ---------------------------------------------------------------- login and logout

  async function login(register) {
    const name = $('login-name').value.trim();
    const password = $('login-password').value;
    $('login-error').textContent = '';
    try {
      if (register) {
        const created = await api('/api/register', {method: 'POST', body: JSON.stringify({name, password})});
        if (created.status !== 201) {
          $('login-error').textContent = created.body.reason;
          return;
        }
      }
      const answer = await api('/api/login', {method: 'POST', body: JSON.stringify({name, password})});
      if (answer.status !== 200) {
        $('login-error').textContent = answer.body.reason;
        return;
      }
      enter(answer.body.token, {userId: answer.body.userId, userName: answer.body.userName});
    } catch (e) {
      $('login-error').textContent = 'The server cannot be reached: ' + e.message;
    }
  }

  function enter(token, user) {
    state.token = token;
    state.user = user;
    sessionStorage.setItem('wslab.login', JSON.stringify({token, user}));
    $('login-view').hidden = true;
    $('chat-view').hidden = false;
    $('controls').hidden = false;
    $('me').textContent = user.userName;
    render();
    startTransport($('transport').value);
    clearInterval(state.directoryTimer);
    state.directoryTimer = setInterval(refreshDirectory, 5000);
    clearInterval(state.usersTimer);
    state.usersTimer = setInterval(refreshOnline, ONLINE_REFRESH_MS);
  }

  function logout(message) {
    if (state.transport) state.transport.stop();
    state.transport = null;
    clearInterval(state.directoryTimer);
    clearInterval(state.usersTimer);
    sessionStorage.removeItem('wslab.login');
    state.token = null;
    state.joined.clear();
    state.rooms.clear();
    state.current = null;
    $('inspector-toggle').checked = false;
    inspector.setEnabled(false);
    $('chat-view').hidden = true;
    $('controls').hidden = true;
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
    setStatus('not connected', 'offline');
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (e) => { e.preventDefault(); login(false); });
    $('register-btn').addEventListener('click', () => {
      if ($('login-form').reportValidity()) login(true);
    });
    $('logout-btn').addEventListener('click', () => logout(''));
    $('join-form').addEventListener('submit', (e) => {
      e.preventDefault();
      join($('room-input').value);
      $('room-input').value = '';
    });
    $('exit-btn').addEventListener('click', () => exit(state.current));
    $('send-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = $('message-input').value;
      if (!text.trim() || !state.current) return;
      sendCommand({type: 'message', room: state.current, message: text});
      $('message-input').value = '';
    });
    $('transport').addEventListener('change', (e) => startTransport(e.target.value));
    $('inspector-toggle').addEventListener('change', (e) => inspector.setEnabled(e.target.checked));
    $('inspector-clear').addEventListener('click', () => inspector.clear());
    window.addEventListener('pagehide', () => { if (state.transport) state.transport.stop(); });

    const saved = sessionStorage.getItem('wslab.login');
    if (saved) {
      const {token, user} = JSON.parse(saved);
      enter(token, user);
    }
  });
})();
