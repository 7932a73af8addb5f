import { useCallback, useEffect, useRef, useState } from 'react';
import { HeraldClient } from './client.js';
import { checkSubscription } from './subscriptions.js';

/**
 * One HeraldClient for the component's lifetime (re-created when `url` or a plain option changes; none while
 * `url` is empty). The client lives in an effect, so React 18 strict mode's mount–unmount–mount closes the
 * first one before it has opened a socket, and unmounting leaves no socket or timer behind.
 * `subscribe` is stable and may be called before the connection exists (a child's effect runs first).
 */
export function useHerald(url, options = {}) {
  const [status, setStatus] = useState(url ? 'connecting' : 'closed');
  const latest = useRef(options);
  latest.current = options;
  const clientRef = useRef(null);
  const entries = useRef(new Set()).current; // { type, handler, off }: every live subscribe() of this component

  const { token, since, minDelay, maxDelay, maxAttempts, connectTimeout } = options;
  const renewable = typeof options.getToken === 'function';
  useEffect(() => {
    if (!url) {
      setStatus('closed');
      return undefined;
    }
    let live = true;
    const opts = latest.current;
    const client = new HeraldClient(url, {
      token, since, minDelay, maxDelay, maxAttempts, connectTimeout,
      WebSocket: opts.WebSocket,
      getToken: renewable ? () => latest.current.getToken() : undefined,
      onStatus: (s, info) => {
        if (!live) return; // a client being disposed must not overwrite its successor's status
        setStatus(s);
        latest.current.onStatus?.(s, info);
      },
      onRecoveryFailed: (info) => live && latest.current.onRecoveryFailed?.(info),
      onError: (error) => (latest.current.onError ? latest.current.onError(error) : console.error(error)),
    });
    clientRef.current = client;
    for (const entry of entries) entry.off = client.subscribe(entry.type, entry.handler);
    return () => {
      live = false;
      clientRef.current = null;
      for (const entry of entries) entry.off = null;
      client.close();
    };
  }, [url, token, since, minDelay, maxDelay, maxAttempts, connectTimeout, renewable, entries]);

  const subscribe = useCallback((type, handler) => {
    checkSubscription(type, handler);
    const entry = { type, handler, off: null };
    entry.off = clientRef.current?.subscribe(type, handler) ?? null;
    entries.add(entry);
    return () => {
      entries.delete(entry);
      entry.off?.();
      entry.off = null;
    };
  }, [entries]);

  return { connected: status === 'open', status, subscribe };
}
