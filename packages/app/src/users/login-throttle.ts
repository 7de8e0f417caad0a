// Per-username sign-in throttling: after too many failed attempts on one account within a
// window, further attempts on that account are refused until the oldest failure ages out. The
// server adds a per-IP limit in front; this one stops a slow attack spread over many addresses.

export interface LoginThrottleOptions {
  /** Failed attempts allowed per username within the window (default 10). */
  readonly maxFailures?: number;
  /** Window in milliseconds (default 15 minutes). */
  readonly windowMs?: number;
  /** Usernames remembered at most (oldest forgotten first), to bound memory. */
  readonly maxTracked?: number;
}

export interface LoginThrottle {
  /** Seconds until `username` may try again; 0 when it may try now. */
  retryAfter(username: string, now: number): number;
  recordFailure(username: string, now: number): void;
  recordSuccess(username: string): void;
}

/**
 * An in-memory throttle (one per server process).
 * @example const t = createLoginThrottle({ maxFailures: 3 }); t.recordFailure('li', Date.now());
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxTracked = options.maxTracked ?? 10_000;
  const failures = new Map<string, number[]>();
  const key = (username: string) => username.normalize('NFC').trim().toLowerCase();
  const recent = (k: string, now: number): number[] => {
    const list = (failures.get(k) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(k);
    else failures.set(k, list);
    return list;
  };
  return {
    retryAfter(username, now) {
      const list = recent(key(username), now);
      if (list.length < maxFailures) return 0;
      const oldest = list[list.length - maxFailures] as number;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    },
    recordFailure(username, now) {
      const k = key(username);
      const list = recent(k, now);
      list.push(now);
      failures.delete(k); // re-insert: Map order is then least recently failed first
      failures.set(k, list.slice(-maxFailures));
      if (failures.size > maxTracked) {
        const first = failures.keys().next().value;
        if (first !== undefined) failures.delete(first);
      }
    },
    recordSuccess(username) {
      failures.delete(key(username));
    },
  };
}
