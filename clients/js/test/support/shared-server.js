// One Herald process for every suite of herald.test.js (a JVM start costs seconds).
import { HeraldServer } from './herald-server.js';

let started = null;

/** keepalive 1 s: JSON pings on /ws/{user} every second, and expired tokens are closed within 0.5 s. */
export function heraldServer() {
  started ??= HeraldServer.start({ HERALD_KEEPALIVE_INTERVAL: '1s' });
  return started;
}

export async function disposeHeraldServer() {
  if (started) await (await started).dispose();
}

/** Every event of `type` the server holds after `since`, as the store has them (oldest first). */
export async function storedSeqs(herald, type, since) {
  const res = await fetch(herald.http(`/api/v1/events?since=${since}&limit=1000`), {
    headers: { Authorization: `Bearer ${herald.adminKey}` },
  });
  const { events } = await res.json();
  return events.filter((e) => e.type === type).map((e) => e.seq);
}
