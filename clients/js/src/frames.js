// Replies Herald sends besides events (Replies.java); they never carry an event `id`, events always do.
const CONTROL = new Set([
  'subscribed', 'unsubscribed', 'pong', 'ping', 'connected', 'refreshed', 'error', 'recovery_failed',
]);

/** The message in a text frame, or null when it is not a JSON object with a string `type`. */
export function parseFrame(data) {
  if (typeof data !== 'string') return null;
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    return null;
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.type !== 'string') return null;
  return msg;
}

/** Whether `msg` is a reply from Herald rather than an event (an event of type "ping" still has an id). */
export function isControl(msg) {
  return CONTROL.has(msg.type) && !('id' in msg);
}

/** The event's seq when it has a usable one (system_status has none), else null. */
export function seqOf(msg) {
  return Number.isSafeInteger(msg.seq) && msg.seq >= 0 ? msg.seq : null;
}
