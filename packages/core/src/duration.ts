import { InputError } from './errors.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Allowed range of a duration input, in milliseconds. */
export interface DurationBounds {
  min?: number;
  max?: number;
}

/**
 * The range every duration input must fall in unless its caller says otherwise: below a second a
 * poll floods the API it watches; above a day is no longer a CI step (and past ~596 h Node's
 * timers overflow and fire at once).
 */
export const DURATION_BOUNDS = { min: SECOND, max: 24 * HOUR } as const;

/**
 * Parse `90s`, `10m`, `1h30m`, `500ms` or plain seconds into milliseconds; `input` names the
 * flag. Values outside `bounds` (default 1 s … 24 h) are an InputError naming the flag.
 */
export function parseDuration(value: string, input: string, bounds: DurationBounds = {}): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)?/gy;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null && m[0] !== '') {
    total += parseFloat(m[1]) * { ms: 1, s: SECOND, m: MINUTE, h: HOUR }[m[2] ?? 's']!;
    matched += m[0];
  }
  if (!value || matched !== value) throw new InputError(`${input} ${JSON.stringify(value)} is not a duration`, 'use e.g. 90s, 10m or 1h');
  const min = bounds.min ?? DURATION_BOUNDS.min;
  const max = bounds.max ?? DURATION_BOUNDS.max;
  if (!(total >= min && total <= max)) {
    throw new InputError(`${input} ${JSON.stringify(value)} is out of range`, `use a duration from ${formatDuration(min)} to ${formatDuration(max)}`);
  }
  return Math.round(total);
}

/** Milliseconds as the shortest input that means them: `0s`, `500ms`, `90s`, `15m`, `1h30m`, `24h`. */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return ms === 0 ? '0s' : `${Math.round(ms)}ms`;
  const h = Math.floor(ms / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  const s = Math.round((ms % MINUTE) / SECOND);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/**
 * Floor on any poll period a gate uses, whatever a library caller passes (0, NaN): the user-facing
 * floor is DURATION_BOUNDS.min (1 s) on the inputs; this one only rules out a busy loop.
 */
export const MIN_POLL_INTERVAL_MS = 50;

/** A poll period with the floor applied; `fallback` when none (or no number) is given. */
export function pollPeriod(ms: number | undefined, fallback: number): number {
  return Math.max(MIN_POLL_INTERVAL_MS, ms !== undefined && Number.isFinite(ms) ? ms : fallback);
}

export function parsePositiveInt(value: string | undefined, input: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${input} ${JSON.stringify(value)} is not a positive whole number`);
  return n;
}
