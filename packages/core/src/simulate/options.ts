// Simulation options and their validation. The CLI parses its arguments into these (parse at the
// edge) and calls validateSimulationOptions, which reports problems as values (rule 4).
import { FIRST_YEAR, LAST_YEAR } from './facts.ts';

export interface SimulationOptions {
  /** Seed of every random choice; same seed ⇒ byte-identical outputs. */
  readonly seed: number;
  /** Calendar year simulated (quotas, prices, VAT rates and invoice numbering follow it). */
  readonly year: number;
  /** Enterprises in the registry (the seed's campaign: 1,594). */
  readonly enterprises: number;
  /** Invoice lines to generate, approximately (the stream's `total` is exact). */
  readonly lines: number;
  /** Add ~0.5% bad and anomalous rows, each listed in truth.dirtyRows. */
  readonly dirty: boolean;
  /**
   * Illegal supply as a share of legal mined REO, 0.4–1.0 (seed: illegal capacity "nearly equal"
   * to legal; domain.md §2: ≥ 40,000 t illegal vs 110,000 t legal in 2014). Default 0.9.
   */
  readonly illegalRatio?: number;
}

/** The seed's scenario: 2013, 1,594 enterprises, a million lines. */
export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 1,
  year: 2013,
  enterprises: 1594,
  lines: 1_000_000,
  dirty: false,
};

export const DEFAULT_ILLEGAL_RATIO = 0.9;
export const MIN_ENTERPRISES = 150;
export const MAX_ENTERPRISES = 20_000;
export const MAX_LINES = 50_000_000;

export interface OptionProblem {
  readonly field: keyof SimulationOptions;
  readonly zh: string;
  readonly en: string;
}

/**
 * Checks options; returns the problems found (empty when valid).
 * @example validateSimulationOptions({ ...DEFAULT_SIMULATION, year: 1990 }) // [{ field: 'year', … }]
 */
export function validateSimulationOptions(options: SimulationOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  if (!Number.isSafeInteger(options.seed))
    problems.push({ field: 'seed', zh: '随机种子必须是整数', en: 'seed must be an integer' });
  if (!Number.isInteger(options.year) || options.year < FIRST_YEAR || options.year > LAST_YEAR)
    problems.push({
      field: 'year',
      zh: `年度必须在 ${FIRST_YEAR}–${LAST_YEAR} 之间`,
      en: `year must be between ${FIRST_YEAR} and ${LAST_YEAR}`,
    });
  if (
    !Number.isInteger(options.enterprises) ||
    options.enterprises < MIN_ENTERPRISES ||
    options.enterprises > MAX_ENTERPRISES
  )
    problems.push({
      field: 'enterprises',
      zh: `企业数必须在 ${MIN_ENTERPRISES}–${MAX_ENTERPRISES} 之间`,
      en: `enterprises must be between ${MIN_ENTERPRISES} and ${MAX_ENTERPRISES}`,
    });
  if (!Number.isInteger(options.lines) || options.lines < 1000 || options.lines > MAX_LINES)
    problems.push({
      field: 'lines',
      zh: `发票行数必须在 1000–${MAX_LINES} 之间`,
      en: `lines must be between 1000 and ${MAX_LINES}`,
    });
  const ratio = options.illegalRatio;
  if (ratio !== undefined && !(ratio >= 0.4 && ratio <= 1.0))
    problems.push({
      field: 'illegalRatio',
      zh: '非法供应比例必须在 0.4–1.0 之间',
      en: 'illegalRatio must be between 0.4 and 1.0',
    });
  return problems;
}
