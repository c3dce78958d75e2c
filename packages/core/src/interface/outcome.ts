/** What a verb run hands back to its face, whichever face it is. */
import type { Reporter } from '../report.js';
import type { Face } from './spec.js';
import type { InputValue } from './values.js';

export interface VerbOutcome {
  /** The JSON result (camelCase keys, DESIGN.md contract). */
  json: object;
  /** One line for people (CLI stdout without --json). */
  human: string;
  /** kebab-case outputs: action outputs, dotenv GITOPS_OUT_<NAME>. */
  outputs: Record<string, string>;
  /** The run failed on its own terms (exit 1) even though the verb returned (e.g. unhealthy). */
  failure?: string;
}

export interface VerbContext {
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  face: Face;
}

export type Values = Record<string, InputValue>;

/** How a verb runs from parsed inputs; shared by the CLI and the actions. */
export interface VerbRunner {
  run(values: Values, ctx: VerbContext): Promise<VerbOutcome>;
  /** The run's default deadline (may depend on inputs such as timeout). */
  deadlineMs?(values: Values): number;
}

/** Typed reads of parsed values (the spec guarantees the type). */
export const str = (v: Values, k: string) => v[k] as string | undefined;
export const bool = (v: Values, k: string) => v[k] === true;
export const num = (v: Values, k: string) => v[k] as number | undefined;
export const strs = (v: Values, k: string) => v[k] as string[] | undefined;
