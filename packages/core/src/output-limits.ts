/**
 * Size limits on what we echo. Text that comes from a remote system (an Argo CD status
 * message, a Kubernetes condition) or any field we print, put in --json, a dotenv file or a
 * GitHub action output is cut to a fixed length with a visible marker — a 300 MB status must
 * not become a 300 MB log line, job output or dotenv variable.
 */

/** Longest value of one output field (CLI stdout, --json strings, --dotenv, action outputs). */
export const MAX_OUTPUT_FIELD = 64 * 1024;
/** Longest health/status message kept from a remote system. */
export const MAX_REMOTE_MESSAGE = 2048;
/** Longest short remote word (health, sync, phase, revision, names). */
export const MAX_REMOTE_WORD = 256;
/** Unhealthy resources kept from one observation. */
export const MAX_RESOURCES = 50;

/** `text` cut to at most `max` characters (marker included) with a marker saying how long it was. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = `… [cut: ${text.length} characters]`;
  let end = Math.max(0, max - marker.length);
  // Do not split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + marker;
}

/**
 * Applied to each string before it is cut: pass the redactor, so a secret that straddles the cut
 * is removed whole instead of leaving its first half behind.
 */
export type BeforeCut = (text: string) => string;
const asIs: BeforeCut = (t) => t;

/** Every value cut to MAX_OUTPUT_FIELD. */
export function capOutputs(outputs: Record<string, string>, before: BeforeCut = asIs, max = MAX_OUTPUT_FIELD): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, truncate(before(v), max)]));
}

/** A JSON-able value with every string in it cut to MAX_OUTPUT_FIELD. */
export function capJson<T>(value: T, before: BeforeCut = asIs, max = MAX_OUTPUT_FIELD): T {
  if (typeof value === 'string') return truncate(before(value), max) as T;
  if (Array.isArray(value)) return value.map((v) => capJson(v, before, max)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capJson(v, before, max)])) as T;
  }
  return value;
}
