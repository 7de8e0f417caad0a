// A list as the screens show it: a compact table in its scrolling wrapper and, for a page of an
// API list, loading / error, the empty message, the rows and the pager. Cells several lists
// share: who did something and when, an enterprise with its taxpayer ID.
import type { ReactNode } from 'react';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { Async, Empty, Pager, V } from './ui.tsx';

/** A compact table: the header cells and the rows. */
export function Table({ testId, head, children }: { testId: string; head: ReactNode; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid={testId}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** One page of an API list as a table with its pager; `empty` when the page has no items. */
export function PagedTable<T>({
  state,
  limit,
  offset,
  onOffset,
  empty,
  testId,
  head,
  row,
}: {
  state: {
    data: { items: readonly T[]; total: number } | undefined;
    error: unknown;
    loading: boolean;
    reload(): void;
  };
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
  empty: ReactNode;
  testId: string;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <Async state={state}>
      {(p) =>
        p.items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <>
            <Table testId={testId} head={head}>
              {p.items.map((item) => row(item))}
            </Table>
            <Pager total={p.total} limit={limit} offset={offset} onChange={onOffset} />
          </>
        )
      }
    </Async>
  );
}

/** Who recorded something, and below it when. */
export function Stamp({ by, at }: { by: ReactNode; at: string | null | undefined }) {
  const { lang } = useI18n();
  return (
    <>
      <V>{by}</V>
      <div className="sub">{fmtTime(lang, at)}</div>
    </>
  );
}

/** An enterprise's name (to its dossier) and below it its taxpayer ID, and `extra` beside that. */
export function EnterpriseCell({ taxId, name, extra }: { taxId: string; name: string; extra?: ReactNode }) {
  return (
    <>
      <Link to={`/enterprises/${taxId}`} className="strong">
        <V>{name}</V>
      </Link>
      <div className="sub">
        <V>{taxId}</V>
        {extra}
      </div>
    </>
  );
}
