/**
 * Flag and input values every face parses the same way (DESIGN.md "One vocabulary"): booleans
 * as people write them in YAML, env files and CI variables, and whole numbers within a range,
 * so a value that would make a verb loop for hours or a remote refuse is exit 2 up front.
 */
import { InputError } from './errors.js';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
export const BOOLEAN_VALUES = 'true/false, 1/0, yes/no, on/off';

/** `true/false/1/0/yes/no/on/off` in any case (surrounding blanks ignored); anything else names `input`. */
export function parseBoolean(value: string, input: string): boolean {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  throw new InputError(`${input} ${shown} is not a boolean`, `use ${BOOLEAN_VALUES}`);
}

/** A whole number written in plain decimal digits, within min…max; `input` names the flag. */
export function parseIntInRange(value: string | number, input: string, min: number, max: number): number {
  const text = String(value).trim();
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    throw new InputError(`${input} ${shown} is out of range`, `use a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Inclusive bounds of the numeric flags, in one place for the CLI, the actions and the docs. */
export const LIMITS = {
  /** rollback --depth: commits of the file's history searched for a verified tag. */
  depth: { min: 1, max: 10_000 },
  /** wait-healthy --successes: consecutive 2xx answers the HTTP gate needs. */
  successes: { min: 1, max: 1000 },
} as const;
