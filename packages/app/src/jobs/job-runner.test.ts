import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { createJobRunner } from './job-runner.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('job runner', () => {
  it('runs heavy jobs one at a time in submission order, light jobs at once', async () => {
    const jobs = createJobRunner();
    const gate = deferred();
    const order: string[] = [];
    const a = jobs.submit({
      kind: 'import',
      title: 'a',
      owner: 'li',
      run: async (ctx) => {
        order.push('a:start');
        ctx.progress({ phase: 'reading', done: 5, total: 10, unit: 'bytes' });
        await gate.promise;
        order.push('a:end');
        return 1;
      },
    });
    const b = jobs.submit({ kind: 'import', title: 'b', owner: 'li', run: async () => (order.push('b'), 2) });
    const light = jobs.submit({
      kind: 'note',
      title: 'c',
      owner: 'wang',
      heavy: false,
      run: async () => (order.push('c'), 3),
    });
    expect(a.status).toBe('running');
    expect(b).toMatchObject({ status: 'queued', queuePosition: 1 });
    await vi.waitFor(() => expect(jobs.get(light.id)?.status).toBe('succeeded'));
    expect(jobs.get(a.id)?.progress).toMatchObject({ phase: 'reading', done: 5, total: 10 });
    expect(jobs.get(b.id)?.status).toBe('queued');
    gate.resolve();
    await jobs.idle();
    expect(order).toEqual(['a:start', 'c', 'a:end', 'b']);
    expect(jobs.get(b.id)).toMatchObject({ status: 'succeeded', result: 2, queuePosition: null });
    expect(jobs.list({ owner: 'li' }).map((j) => j.title)).toEqual(['b', 'a']);
  });

  it('reports expected failures with their message and hides bugs behind a safe one', async () => {
    const onError = vi.fn();
    const cleanup = vi.fn(async () => undefined);
    const jobs = createJobRunner({ onError });
    const expected = jobs.submit({
      kind: 'import',
      title: 'x',
      owner: 'li',
      cleanup,
      run: async () => {
        throw new AppError({ code: 'invalid', zh: '文件无效', en: 'The file is invalid' });
      },
    });
    const bug = jobs.submit({
      kind: 'import',
      title: 'y',
      owner: 'li',
      cleanup,
      run: async () => {
        throw new Error('select * from secrets failed at /srv/app.ts:12');
      },
    });
    await jobs.idle();
    expect(jobs.get(expected.id)).toMatchObject({
      status: 'failed',
      error: { code: 'invalid', en: 'The file is invalid' },
    });
    const failed = jobs.get(bug.id);
    expect(failed?.error?.code).toBe('unavailable');
    expect(JSON.stringify(failed)).not.toContain('secrets');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(cleanup).toHaveBeenCalledTimes(2);
  });

  it('on close fails queued jobs (cleaning them up), waits for the running one, and refuses new ones', async () => {
    const jobs = createJobRunner();
    const gate = deferred();
    const cleanup = vi.fn(async () => undefined);
    const running = jobs.submit({ kind: 'k', title: 'r', owner: 'o', run: () => gate.promise });
    const queued = jobs.submit({ kind: 'k', title: 'q', owner: 'o', cleanup, run: async () => 1 });
    const closing = jobs.close();
    expect(jobs.get(queued.id)).toMatchObject({ status: 'failed', error: { code: 'unavailable' } });
    expect(() => jobs.submit({ kind: 'k', title: 'n', owner: 'o', run: async () => 1 })).toThrow(AppError);
    gate.resolve();
    await closing;
    expect(jobs.get(running.id)?.status).toBe('succeeded');
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('keeps a bounded number of finished jobs', async () => {
    const jobs = createJobRunner({ keepFinished: 2 });
    const ids = [1, 2, 3].map(
      (n) => jobs.submit({ kind: 'k', title: String(n), owner: 'o', run: async () => n }).id,
    );
    await jobs.idle();
    expect(ids.map((id) => jobs.get(id)?.result ?? null)).toEqual([null, 2, 3]);
  });
});
