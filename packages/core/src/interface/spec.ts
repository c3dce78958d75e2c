/**
 * A verb's interface as data: its inputs and outputs, once. The CLI builds its options and
 * GITOPS_* variables from it at run time; `npm run build` generates each action.yml, each GitLab
 * component's `spec: inputs` + job variables, and the README tables from it. One name per input
 * everywhere: `--env-repo` (CLI), `env-repo` (action and component input), `GITOPS_ENV_REPO`.
 */

/** Where an input can be given. */
export type Face = 'cli' | 'action' | 'gitlab';
export const FACES: readonly Face[] = ['cli', 'action', 'gitlab'];

export type InputType =
  | 'string'
  /** true/false/1/0/yes/no/on/off in any case; a CLI flag without a value. */
  | 'boolean'
  /** `90s`, `10m`, `1h30m`; parsed to milliseconds and range-checked. */
  | 'duration'
  /** A whole number within `range`. */
  | 'int'
  /** Comma- or newline-separated; empty items dropped. */
  | 'list'
  /** One of `options`. */
  | 'enum'
  /** A JavaScript regular expression, checked to compile. */
  | 'regex';

export interface InputSpec {
  /** kebab-case; the CLI flag is `--<name>`, the environment variable GITOPS_<NAME>. */
  readonly name: string;
  readonly type: InputType;
  readonly description: string;
  /** As a user would write it. Absent: not given (the verb decides, e.g. from gitops.yaml). */
  readonly default?: string;
  /** A face's own default where the faces differ (e.g. `forge`: the runner's own forge). */
  readonly faceDefaults?: Partial<Record<Face, string>>;
  readonly required?: boolean;
  /** enum: the accepted values. */
  readonly options?: readonly string[];
  /** int: inclusive bounds; duration: bounds in milliseconds (default 1 s … 24 h). */
  readonly range?: { readonly min: number; readonly max: number };
  /** Masked in logs; never echoed. */
  readonly secret?: boolean;
  /** The faces that have it (default: all). */
  readonly faces?: readonly Face[];
  /** The CLI's value placeholder, e.g. `<url|path>` (default `<name>`). */
  readonly placeholder?: string;
  /** Former names, still accepted everywhere (deprecated in the docs). */
  readonly aliases?: readonly string[];
}

export interface OutputSpec {
  /** kebab-case: action output and dotenv `GITOPS_OUT_<NAME>` (outputEnvName). */
  readonly name: string;
  readonly description: string;
}

export interface VerbSpec {
  /** The CLI subcommand. */
  readonly command: string;
  readonly summary: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
}

/**
 * A GitHub action or a GitLab component over a verb. `preset` fixes inputs (they disappear from
 * that face, e.g. promote-dev's mode: push); `defaults` changes a default for that face only.
 */
export interface FaceSpec {
  readonly name: string;
  readonly verb: VerbSpec;
  readonly description: string;
  readonly preset?: Readonly<Record<string, string>>;
  readonly defaults?: Readonly<Record<string, string>>;
  /** Inputs of the verb this face leaves out (they mean nothing with its preset). */
  readonly omit?: readonly string[];
}

export function hasFace(input: InputSpec, face: Face): boolean {
  return !input.faces || input.faces.includes(face);
}

/** `env-repo` → `GITOPS_ENV_REPO` */
export function envName(name: string): string {
  return `GITOPS_${name.replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Outputs in a dotenv report: `commit-sha` → `GITOPS_OUT_COMMIT_SHA`. GitLab gives a needed job's
 * dotenv variables precedence over a job's own `variables:`, so an output named like an input
 * (`GITOPS_TAG`) would silently replace the next job's input. No input may be named `out-…`
 * (INPUT_NAME_RESERVED; the generator refuses one), so these names can never be an input's.
 */
export const OUTPUT_ENV_PREFIX = 'GITOPS_OUT_';
export function outputEnvName(name: string): string {
  return `${OUTPUT_ENV_PREFIX}${name.replace(/-/g, '_').toUpperCase()}`;
}
/** Input names (and former names) may not start so: their GITOPS_ variable would be an output's. */
export const INPUT_NAME_RESERVED = /^out([-_]|$)/i;

/** `env-repo` → `envRepo` */
export function camelName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** How a face names an input in messages: `--env-repo`, `env-repo` input, GITOPS_ENV_REPO. */
export function inputLabel(name: string, face: Face | 'env'): string {
  if (face === 'cli') return `--${name}`;
  if (face === 'env') return envName(name);
  return `input ${name}`;
}

/** The inputs a face exposes, with its defaults applied and presets removed. */
export function faceInputs(spec: FaceSpec | VerbSpec, face: Face): InputSpec[] {
  const verb = 'verb' in spec ? spec.verb : spec;
  const preset = 'verb' in spec ? (spec.preset ?? {}) : {};
  const defaults = 'verb' in spec ? (spec.defaults ?? {}) : {};
  const omit = 'verb' in spec ? (spec.omit ?? []) : [];
  return verb.inputs
    .filter((i) => hasFace(i, face) && !(i.name in preset) && !omit.includes(i.name))
    .map((i) => {
      const d = defaults[i.name] ?? i.faceDefaults?.[face] ?? i.default;
      return d === undefined ? { ...i, default: undefined } : { ...i, default: d };
    });
}
