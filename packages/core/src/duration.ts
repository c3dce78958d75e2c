import { InputError } from './errors.js';

/** Parse `90s`, `10m`, `1h30m`, `500ms` or plain seconds into milliseconds; `input` names the flag. */
export function parseDuration(value: string, input: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)?/gy;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null && m[0] !== '') {
    total += parseFloat(m[1]!) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
    matched += m[0];
  }
  if (!value || matched !== value) throw new InputError(`${input} ${JSON.stringify(value)} is not a duration`, 'use e.g. 90s, 10m or 1h');
  return total;
}

export function parsePositiveInt(value: string | undefined, input: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${input} ${JSON.stringify(value)} is not a positive whole number`);
  return n;
}
