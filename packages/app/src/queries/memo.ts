// A tiny keyed cache for read models derived from the store. Keys include a data version (see
// store getDataVersion), so an entry is never stale: a new version is a new key, and the oldest
// keys fall out. Concurrent requests for a missing key share one computation.

export interface Memo<T> {
  get(key: string, compute: () => Promise<T>): Promise<T>;
  clear(): void;
}

/**
 * @example const runs = createMemo<Entries>(4); await runs.get(`run:${id}`, () => load(id));
 */
export function createMemo<T>(capacity: number): Memo<T> {
  const entries = new Map<string, Promise<T>>();
  return {
    get(key, compute) {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit); // most recently used last
        return hit;
      }
      const value = compute();
      entries.set(key, value);
      // A failed computation is not cached: the next request tries again.
      value.catch(() => {
        if (entries.get(key) === value) entries.delete(key);
      });
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
