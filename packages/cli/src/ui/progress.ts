// A progress bar on stderr for long work (imports, simulation, inspection). Quiet when stderr is
// not a terminal (scripts and CI logs get the final summary only), or with --quiet.

export interface ProgressBar {
  update(done: number, total: number, note?: string): void;
  done(message?: string): void;
}

function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KB`;
  return `${n} B`;
}

/**
 * Creates a bar labelled `label`; `unit` says how to print done/total.
 * @example const bar = createProgressBar('导入 import', 'bytes'); bar.update(5e6, 1e7); bar.done();
 */
export function createProgressBar(
  label: string,
  unit: 'bytes' | 'count' | 'percent' = 'count',
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  const interactive = stream.isTTY === true && process.env.ORESIGHT_QUIET !== '1';
  // ORESIGHT_PROGRESS=json: one JSON line per update for scripts (and the crash-safety test).
  const json = process.env.ORESIGHT_PROGRESS === 'json';
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const fmt = (n: number) =>
    unit === 'bytes' ? formatBytes(n) : unit === 'count' ? n.toLocaleString('en-US') : `${n}`;
  return {
    update(done, total, note) {
      const now = Date.now();
      if (json) {
        if (now - last >= 200 || done >= total) {
          last = now;
          stream.write(`${JSON.stringify({ label, done, total, note: note ?? null })}\n`);
        }
        return;
      }
      if (!interactive) return;
      if (now - last < 100 && done < total) return;
      last = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 28;
      const filled = Math.round(ratio * width);
      const elapsed = (now - started) / 1000;
      const eta = ratio > 0.02 ? Math.max(0, elapsed / ratio - elapsed) : undefined;
      const text = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} ${elapsed.toFixed(1)}s${eta !== undefined ? ` ETA ${eta.toFixed(0)}s` : ''}${note ? ` ${note}` : ''}`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\u001b[K`);
      drawn = true;
    },
    done(message) {
      if (drawn) stream.write('\r\u001b[K');
      if (message) stream.write(`${message}\n`);
    },
  };
}
