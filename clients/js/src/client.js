import { backoffDelay } from './backoff.js';
import { isControl, parseFrame, seqOf } from './frames.js';
import { Subscriptions } from './subscriptions.js';
import { refreshDelay, tokenExpiry } from './token.js';
import { connectUrl } from './url.js';

const UNAUTHORIZED = 4003;
const TOKEN_EXPIRED = 4004;
const OPEN = 1;
const DEFAULTS = { minDelay: 1000, maxDelay: 30_000, maxAttempts: 10, connectTimeout: 10_000 };

/**
 * A connection to Herald's /ws/events or /ws/{user} that stays up: it reconnects with jittered exponential
 * backoff, resumes after the last seq it delivered (so each accepted event reaches the handlers once, in
 * order), keeps the server's type filter equal to its handlers' types, answers JSON pings and refreshes its
 * token in-band before it expires. Status: 'connecting' → 'open' ⇄ 'reconnecting' → 'failed' | 'closed'.
 */
export class HeraldClient {
  #url;
  #options;
  #WebSocket;
  #subs;
  #ws = null;
  #status = null;
  #confirmed = false; // the server has answered on this socket, so the token was accepted
  #closed = false;
  #attempt = 0;
  #authRetried = false;
  #lastSeq;
  #token;
  #tokenExp = null;
  #retryTimer = null;
  #refreshTimer = null;
  #answerTimer = null;

  constructor(url, options = {}) {
    this.#url = connectUrl(url, null, null); // throws at once on a URL no attempt could use
    this.#options = { ...options };
    for (const [key, value] of Object.entries(DEFAULTS)) this.#options[key] ??= value; // undefined: the default
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.#WebSocket !== 'function') {
      throw new TypeError('herald: no global WebSocket here; pass options.WebSocket (e.g. the ws package)');
    }
    const since = options.since;
    if (since != null && !(Number.isSafeInteger(since) && since >= 0)) {
      throw new TypeError('herald: since must be a non-negative integer seq');
    }
    this.#lastSeq = since ?? null;
    this.#token = options.token ?? null;
    this.#subs = new Subscriptions((message) => this.#send(message));
    this.#setStatus('connecting');
    this.#connect();
  }

  /** The seq of the last event delivered to the handlers (or `since`), null before the first. */
  get lastSeq() {
    return this.#lastSeq;
  }

  get connected() {
    return this.#status === 'open';
  }

  get status() {
    return this.#status;
  }

  /** Calls `handler(data, event)` for each event of `type` ('*': every type); returns the unsubscribe function. */
  subscribe(type, handler) {
    return this.#subs.add(type, handler);
  }

  /** Closes the connection for good: no reconnect, no timer left. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimers();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      try {
        ws.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
    this.#setStatus('closed');
  }

  async #connect() {
    let token;
    try {
      token = await this.#freshToken();
    } catch (error) {
      if (!this.#closed) this.#retry({ reason: 'getToken failed', error });
      return;
    }
    if (this.#closed) return;
    let ws;
    try {
      ws = new this.#WebSocket(connectUrl(this.#url, token, this.#lastSeq));
    } catch (error) {
      this.#retry({ reason: 'WebSocket constructor failed', error });
      return;
    }
    this.#ws = ws;
    this.#confirmed = false;
    ws.onopen = () => ws === this.#ws && this.#subs.connected();
    ws.onmessage = (e) => ws === this.#ws && this.#onMessage(e.data);
    ws.onclose = (e) => ws === this.#ws && this.#onClose(e.code, e.reason);
    ws.onerror = () => {}; // a close event follows; the ws package throws on an unhandled 'error'
    // A peer that takes the TCP connection but never answers (a half-open path, a stalled proxy) would
    // otherwise hold the client in 'connecting' forever.
    this.#answerTimer = setTimeout(() => {
      this.#answerTimer = null;
      if (ws !== this.#ws || this.#confirmed) return;
      try {
        ws.close();
      } catch {
        // closing anyway
      }
      this.#onClose(undefined, 'no answer within connectTimeout');
    }, this.#options.connectTimeout);
  }

  /** getToken before every connection attempt (the token may have expired while away), else the static token. */
  async #freshToken() {
    if (this.#options.getToken) {
      this.#token = await this.#options.getToken();
    }
    this.#tokenExp = tokenExpiry(this.#token);
    return this.#token;
  }

  #onMessage(data) {
    const msg = parseFrame(data);
    if (!this.#confirmed) {
      // Herald closes 4003 before reading anything, so any frame means the token was accepted.
      this.#confirmed = true;
      clearTimeout(this.#answerTimer);
      this.#answerTimer = null;
      this.#attempt = 0;
      this.#authRetried = false;
      this.#setStatus('open');
      this.#scheduleRefresh();
    }
    if (msg === null) return;
    if (isControl(msg)) {
      this.#onControl(msg);
      return;
    }
    const seq = seqOf(msg);
    if (seq === null && 'seq' in msg) return; // not a frame Herald writes
    if (seq !== null) {
      if (this.#lastSeq !== null && seq <= this.#lastSeq) return; // delivered before the reconnect
      this.#lastSeq = seq;
    }
    for (const handler of this.#subs.handlersOf(msg.type)) {
      try {
        handler(msg.data, msg);
      } catch (error) {
        this.#report(error);
      }
    }
  }

  #onControl(msg) {
    switch (msg.type) {
      case 'ping':
        this.#send({ type: 'pong' });
        break;
      case 'recovery_failed':
        // History no longer reaches back to lastSeq: events were missed and the app should refetch its state.
        this.#options.onRecoveryFailed?.({ from: msg.data?.from ?? null, lastSeq: this.#lastSeq });
        break;
      case 'error':
        this.#report(Object.assign(new Error(`herald: ${msg.data?.detail ?? 'error'}`), { code: msg.data?.code }));
        break;
      default:
        break;
    }
  }

  #onClose(code, reason) {
    this.#ws = null;
    this.#subs.disconnected();
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#answerTimer);
    this.#refreshTimer = null;
    this.#answerTimer = null;
    const info = { code, reason };
    const canRenew = typeof this.#options.getToken === 'function';
    if (code === UNAUTHORIZED) {
      // One more try with a fresh token; a second refusal in a row is final, never a loop.
      if (canRenew && !this.#authRetried) {
        this.#authRetried = true;
        this.#retry(info);
      } else {
        this.#fail(info);
      }
    } else if (code === TOKEN_EXPIRED && !canRenew) {
      this.#fail(info);
    } else {
      this.#retry(info);
    }
  }

  #retry(info) {
    this.#attempt += 1;
    if (this.#attempt > this.#options.maxAttempts) {
      this.#fail(info);
      return;
    }
    const delay = backoffDelay(this.#attempt, this.#options.minDelay, this.#options.maxDelay);
    this.#setStatus('reconnecting', { ...info, attempt: this.#attempt, delay });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #fail(info) {
    this.#clearTimers();
    this.#setStatus('failed', info);
  }

  #scheduleRefresh() {
    const { getToken } = this.#options;
    if (typeof getToken !== 'function' || this.#tokenExp === null) return;
    const ws = this.#ws;
    const expiring = this.#tokenExp;
    this.#refreshTimer = setTimeout(async () => {
      this.#refreshTimer = null;
      let token;
      try {
        token = await getToken();
      } catch (error) {
        this.#report(error); // the server closes 4004 at expiry and the reconnect asks again
        return;
      }
      if (ws !== this.#ws || ws.readyState !== OPEN) return;
      this.#token = token;
      this.#tokenExp = tokenExpiry(token);
      this.#send({ action: 'refresh', token });
      // The same or an older token again would only repeat this at once; expiry and reconnect take over.
      if (this.#tokenExp !== null && this.#tokenExp > expiring) this.#scheduleRefresh();
    }, refreshDelay(expiring));
  }

  #send(message) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(message));
    return true;
  }

  #setStatus(status, info = {}) {
    if (status === this.#status && status !== 'reconnecting') return;
    this.#status = status;
    try {
      this.#options.onStatus?.(status, info);
    } catch (error) {
      this.#report(error);
    }
  }

  #report(error) {
    if (this.#options.onError) this.#options.onError(error);
    else console.error(error);
  }

  #clearTimers() {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#answerTimer);
    this.#retryTimer = null;
    this.#refreshTimer = null;
    this.#answerTimer = null;
  }
}
