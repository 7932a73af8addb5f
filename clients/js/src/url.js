/**
 * The URL of one connection attempt: the token as `?token=` (browsers cannot set headers on a WebSocket) and
 * `?since=` so the server replays what was missed before any live event (Herald holds live frames until the
 * replay is written, so nothing falls between the two).
 */
export function connectUrl(url, token, since) {
  const u = new URL(url, globalThis.location?.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (token != null) u.searchParams.set('token', token);
  if (since != null) u.searchParams.set('since', String(since));
  return u.toString();
}
