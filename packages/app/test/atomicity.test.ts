// A batch lands whole or not at all: a crash (SIGKILL) mid-file or a full disk leaves the store
// exactly as it was.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { importFile, listBatches, summarizeStore } from '../src/index.ts';

const CLI = resolve(import.meta.dirname, '../../cli/bin/oresight.js');
const HEADER =
  '发票代码,发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,规格型号,单位,数量,单价,金额,税率,税额';

/** A valid UTF-8 invoice CSV of `lines` lines, one line per invoice. */
function writeInvoiceCsv(path: string, lines: number): void {
  const rows = [HEADER];
  for (let i = 0; i < lines; i++) {
    rows.push(
      `1500131140,${String(i).padStart(8, '0')},2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,9136070078142266X5,赣州市红金稀土有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,1,230769.23,230769.23,17%,39230.77`,
    );
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
}

describe.each(storeKinds())('atomic batches on %s', (kind) => {
  let t: TestStore;
  let dir: string;
  beforeEach(async () => {
    t = await createTestStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'oresight-atomic-'));
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the store as it was when the importing process is killed mid-file', async () => {
    const small = join(dir, 'small.csv');
    writeInvoiceCsv(small, 10);
    await importFile(t.store, small, { kind: 'invoices' });
    const before = await summarizeStore(t.store);

    const big = join(dir, 'big.csv');
    writeInvoiceCsv(big, 200_000);
    const child = spawn(process.execPath, [CLI, 'import', 'invoices', big], {
      env: { ...process.env, ...t.env, ORESIGHT_PROGRESS: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exit = new Promise<{ code: number | null; signal: string | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    // Kill it once it is well into the file (lines written, transaction open).
    await new Promise<void>((res) => {
      let buffered = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const p = JSON.parse(line) as { done: number; total: number };
          if (p.done >= p.total * 0.4) {
            child.kill('SIGKILL');
            res();
          }
        }
      });
    });
    const { signal } = await exit;
    expect(signal).toBe('SIGKILL'); // it was killed, not finished

    expect(await summarizeStore(t.store)).toEqual(before);
    expect((await listBatches(t.store.db)).items.map((b) => b.fileName)).toEqual(['small.csv']);
    // And the same file imports cleanly afterwards.
    const again = await importFile(t.store, big, { kind: 'invoices' });
    expect(again).toMatchObject({ status: 'committed', accepted: 200_000 - 10, duplicate: 10 });
  }, 120_000);

  it.runIf(kind === 'sqlite')('leaves the store as it was when the disk fills up mid-file', async () => {
    const file = join(dir, 'fill.csv');
    writeInvoiceCsv(file, 50_000);
    // Cap the database file a little above its current size: the import runs out of room.
    await t.store.transaction(async (tx) => {
      if (tx.kind !== 'sqlite') return;
      const pages = Number(tx.sqlite.pragma('page_count', { simple: true }));
      tx.sqlite.pragma(`max_page_count = ${pages + 200}`);
    });
    await expect(importFile(t.store, file, { kind: 'invoices' })).rejects.toThrow(/full/i);
    expect((await summarizeStore(t.store)).invoiceLines).toBe(0);
    expect((await listBatches(t.store.db)).total).toBe(0);
  });
});
