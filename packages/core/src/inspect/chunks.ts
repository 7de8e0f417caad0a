// Passes over lines run as small kernels called once per chunk: a function called once with a
// 10M-iteration loop only ever runs as on-stack-replacement code, which measured 2.5–5× slower on
// this machine than the same loop in a function V8 has seen called a few times and optimised whole.

/** Lines per kernel call. */
export const CHUNK = 1 << 16;
/** Progress is reported every this many lines. */
const REPORT_EVERY = 1 << 20;

export type Progress = (stage: string, done: number, total: number) => void;

/** Runs `kernel(c0, c1)` over [0, count) in chunks, reporting progress now and then. */
export function forChunks(
  count: number,
  kernel: (c0: number, c1: number) => void,
  stage?: string,
  progress?: Progress,
): void {
  let reported = 0;
  for (let c0 = 0; c0 < count; c0 += CHUNK) {
    const c1 = Math.min(count, c0 + CHUNK);
    kernel(c0, c1);
    if (progress && stage && (c1 - reported >= REPORT_EVERY || c1 === count)) {
      progress(stage, c1, count);
      reported = c1;
    }
  }
}
