/** Connection state: 'open' once the server has answered on the socket (so the token was accepted). */
export type HeraldStatus = 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closed';

/** Why the status changed: the close code and reason that caused it, and for 'reconnecting' the next try. */
export interface HeraldStatusInfo {
  code?: number;
  reason?: string;
  /** 'reconnecting': 1-based number of the attempt about to be made. */
  attempt?: number;
  /** 'reconnecting': milliseconds until that attempt. */
  delay?: number;
  error?: unknown;
}

/** An event as Herald sends it. `seq` is absent only on Herald's own `system_status` events. */
export interface HeraldEvent<T = Record<string, unknown>> {
  type: string;
  timestamp: string;
  data: T;
  id?: string;
  seq?: number;
  [field: string]: unknown;
}

export type HeraldHandler<T = Record<string, unknown>> = (data: T, event: HeraldEvent<T>) => void;

/**
 * A constructor that stands in for the browser's WebSocket (the `ws` package's default export does). The
 * client sets onopen/onmessage/onclose/onerror, reads readyState and calls send(string) and close(code, reason).
 */
export type WebSocketConstructor = new (url: string) => any;

export interface HeraldClientOptions {
  /** A JWT sent as `?token=`. Without `getToken` it cannot be renewed: expiry (4004) ends in 'failed'. */
  token?: string;
  /** Called before each connection attempt and, for a JWT with `exp`, before it expires (sent in-band). */
  getToken?: () => string | Promise<string>;
  /** Default: globalThis.WebSocket (browsers, Node ≥ 22). On Node 20 pass the `ws` package's WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Resume after this seq: the server first replays the events after it still in its history. */
  since?: number;
  /** First reconnect delay in ms (default 1000); doubles per attempt, each drawn from [d/2, d]. */
  minDelay?: number;
  /** Largest reconnect delay in ms (default 30000). */
  maxDelay?: number;
  /** Reconnect attempts in a row before the status becomes 'failed' (default 10). */
  maxAttempts?: number;
  /** An attempt the server has not answered within this many ms (default 10000) is dropped and retried. */
  connectTimeout?: number;
  onStatus?: (status: HeraldStatus, info: HeraldStatusInfo) => void;
  /**
   * The server's history no longer reaches back to `lastSeq`: events after it were missed (the oldest still
   * held is `from`) and live delivery continues. Refetch the state this client's events maintain.
   */
  onRecoveryFailed?: (info: { from: number | null; lastSeq: number | null }) => void;
  /** A handler threw, getToken failed for a refresh, or the server answered an error. Default: console.error. */
  onError?: (error: unknown) => void;
}

export class HeraldClient {
  constructor(url: string | URL, options?: HeraldClientOptions);
  /** The seq of the last event delivered (or `since`); null before the first. */
  readonly lastSeq: number | null;
  /** Whether the status is 'open'. */
  readonly connected: boolean;
  readonly status: HeraldStatus;
  /** `type` is an event type or '*' for all; returns the function that removes this handler. */
  subscribe<T = Record<string, unknown>>(type: string, handler: HeraldHandler<T>): () => void;
  /** Closes for good: status 'closed', no reconnect, no timer left. */
  close(): void;
}
