const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const WILDCARD = '*';

/**
 * The handlers of one client and the filter the server holds for them. The server's filter is kept equal to
 * the union of the handlers' types with as few messages as possible: changes made in the same tick are sent
 * as one message, a `subscribe` (which replaces the filter) when types are added, an `unsubscribe` when the
 * last handler of a type goes.
 */
export class Subscriptions {
  #handlers = new Map(); // type -> Set of entries; an entry per subscribe() call
  #sent = null; // the wire filter the server holds (a Set), or null: not told yet (server default: all)
  #send;
  #flushQueued = false;

  /** @param send writes one control message; returns false when no connection is open */
  constructor(send) {
    this.#send = send;
  }

  add(type, handler) {
    checkSubscription(type, handler);
    const entry = { handler };
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(entry);
    this.#queueFlush();
    return () => {
      const set = this.#handlers.get(type);
      if (set?.delete(entry)) {
        if (set.size === 0) this.#handlers.delete(type);
        this.#queueFlush();
      }
    };
  }

  /** The handlers an event of `type` goes to, as a snapshot (a handler may unsubscribe while called). */
  handlersOf(type) {
    return [...(this.#handlers.get(type) ?? []), ...(this.#handlers.get(WILDCARD) ?? [])].map((e) => e.handler);
  }

  /** A new connection starts with the server's default filter (everything): tell it the union now. */
  connected() {
    this.#sent = null;
    this.flush();
  }

  disconnected() {
    this.#sent = null;
  }

  flush() {
    const wanted = this.#wireFilter();
    const sent = this.#sent;
    let message;
    if (sent === null) {
      message = wanted.size === 0
        ? { action: 'unsubscribe', event_types: [WILDCARD] }
        : { action: 'subscribe', event_types: [...wanted] };
    } else if (sameSet(sent, wanted)) {
      return;
    } else if (wanted.size === 0) {
      message = { action: 'unsubscribe', event_types: sent.has(WILDCARD) ? [WILDCARD] : [...sent] };
    } else if ([...wanted].every((t) => sent.has(t)) && !sent.has(WILDCARD)) {
      message = { action: 'unsubscribe', event_types: [...sent].filter((t) => !wanted.has(t)) };
    } else {
      message = { action: 'subscribe', event_types: [...wanted] };
    }
    if (this.#send(message)) this.#sent = wanted;
  }

  #wireFilter() {
    return this.#handlers.has(WILDCARD) ? new Set([WILDCARD]) : new Set([...this.#handlers.keys()].sort());
  }

  #queueFlush() {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      if (this.#sent !== null) this.flush(); // not yet connected: connected() sends the union
    });
  }
}

/** Throws a TypeError for what the server would refuse (and so refuse the whole union with it). */
export function checkSubscription(type, handler) {
  if (typeof type !== 'string' || !(type === WILDCARD || TYPE.test(type))) {
    throw new TypeError(`herald: "${type}" is not an event type (${TYPE}) or "*"`);
  }
  if (typeof handler !== 'function') throw new TypeError('herald: subscribe needs a handler function');
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
