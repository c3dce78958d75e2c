/**
 * Outputs of the read-only report verbs (status, history): the action gets all of them; the CLI's
 * dotenv (GitLab `reports:dotenv`, at most 5 KB in all) only the short ones — the JSON and the
 * Markdown are on stdout (--json, --format markdown) and in the job log's summary section.
 */
import type { Face } from '../spec.js';

const LONG = new Set(['json', 'markdown']);

export function outputsFor(face: Face, outputs: Record<string, string>): Record<string, string> {
  return face === 'action' ? outputs : Object.fromEntries(Object.entries(outputs).filter(([k]) => !LONG.has(k)));
}
