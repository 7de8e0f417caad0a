/** One page of a list: the API's `{ items, total, limit, offset }`. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Paging and sorting every list query takes. */
export interface PageQuery {
  readonly limit: number;
  readonly offset: number;
}

/** Cuts one page out of an already filtered and sorted array. */
export function pageOf<T>(all: readonly T[], q: PageQuery): Page<T> {
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}
