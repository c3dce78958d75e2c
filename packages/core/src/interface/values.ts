/**
 * Raw input strings → typed values, validated once for every face. Messages name the input the
 * way the user gave it: `--rollback-depth` on the command line, GITOPS_ROLLBACK_DEPTH from the
 * environment, `input rollback-depth` in an action or a component.
 */
import { InputError } from '../errors.js';
import { parseDuration } from '../duration.js';
import { parseBoolean, parseIntInRange } from '../input-values.js';
import { camelName, inputLabel, type Face, type InputSpec } from './spec.js';

export type InputValue = string | boolean | number | string[] | undefined;

/** A raw value and where it came from (for messages). */
export interface RawInput {
  value: string;
  from: Face | 'env';
}

/** Longest accepted input value: inputs are names, tags, URLs and templates, never documents. */
export const MAX_INPUT_LENGTH = 4096;

function list(value: string): string[] | undefined {
  const items = value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** One input's typed value; undefined when not given (and no default). */
export function parseInput(spec: InputSpec, raw: RawInput | undefined, face: Face): InputValue {
  // An empty value from the environment or an action input means "not given" (a template input
  // left at ""); on the command line it was typed, so it is checked (and blank is an error).
  const explicit = raw && (raw.value !== '' || raw.from === 'cli') ? raw : undefined;
  const given = explicit ?? (spec.default !== undefined ? { value: spec.default, from: face } : undefined);
  const label = inputLabel(spec.name, raw?.from ?? face);
  if (!given) {
    if (spec.required) throw new InputError(`${label} is required`, spec.description);
    return spec.type === 'boolean' ? false : undefined;
  }
  const value = given.value;
  if (value.length > MAX_INPUT_LENGTH) throw new InputError(`${label} is longer than ${MAX_INPUT_LENGTH} characters`, 'pass a shorter value');
  if (explicit && value.trim() === '') throw new InputError(`${label} is blank`, 'give it a value, or leave it out');
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const at = value.search(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  if (at >= 0) {
    const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(`${label} contains a control character (U+${code} at position ${at})`, 'remove it');
  }
  switch (spec.type) {
    case 'boolean':
      return parseBoolean(value, label);
    case 'duration':
      return parseDuration(value.trim(), label, spec.range ?? {});
    case 'int':
      return parseIntInRange(value, label, spec.range?.min ?? 1, spec.range?.max ?? Number.MAX_SAFE_INTEGER);
    case 'list':
      return list(value);
    case 'enum':
      if (!spec.options!.includes(value.trim())) {
        throw new InputError(`${label} ${JSON.stringify(value.slice(0, 40))} is not one of ${spec.options!.join(', ')}`);
      }
      return value.trim();
    case 'regex':
      try {
        new RegExp(value);
      } catch (err) {
        throw new InputError(`${label} is not a valid regular expression: ${(err as Error).message}`);
      }
      return value;
    default:
      return value.trim();
  }
}

/**
 * Every input of a verb, keyed by camelCase name (`envRepo`). `raw` maps kebab names to what
 * the face read; inputs the face does not have get their default.
 */
export function parseInputs(inputs: readonly InputSpec[], raw: Readonly<Record<string, RawInput | undefined>>, face: Face): Record<string, InputValue> {
  const out: Record<string, InputValue> = {};
  for (const spec of inputs) out[camelName(spec.name)] = parseInput(spec, raw[spec.name], face);
  return out;
}
