// Shared by the benchmarks: the machine line, peak memory sampling, and writing a section of
// docs/benchmarks.md (each benchmark owns one `## …` section and replaces only that).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} vCPU (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} — load average at start ${os.loadavg()[0]?.toFixed(2)}`;
}

/** Samples RSS every 100 ms; `peakMb()` includes the OS's own maxRSS. */
export function memorySampler() {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  timer.unref();
  return {
    peakMb: () =>
      Math.round(Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
    stop: () => clearInterval(timer),
  };
}

/** Replaces (or appends) the section headed `## title` in docs/benchmarks.md. */
export function writeBenchmarkSection(title: string, body: string): void {
  const path = resolve(import.meta.dirname, '../../docs/benchmarks.md');
  const current = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nEvery figure below was produced by the command named in its section, on the machine it names.\n';
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const end = current.indexOf('\n## ', start + heading.length);
    next = `${current.slice(0, start)}${section}${end < 0 ? '' : current.slice(end)}`;
  }
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}
