/**
 * Schema (ajv) errors on gitops.yaml → one line each, at the offset of the offending node, in
 * the words of the file (apps, environments, keys) with a fix where there is one ("did you
 * mean", the allowed keys, what to add).
 */
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import schema from './gitops.schema.json' with { type: 'json' };
import { childKeyOffset, keyOffset, label, valueOffset, type Path } from './yaml-locate.js';

const NAME_RULE = 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** The problems ajv reported, duplicates dropped, in the order they appear in the file. */
export function schemaProblems(errors: readonly ErrorObject[], doc: Document, data: unknown): Problem[] {
  return preferTypos(errors)
    .map((e) => describe(e, doc, data))
    .sort((a, b) => a.offset - b.offset);
}

function pathOf(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export interface Problem {
  offset: number;
  message: string;
  fix?: string;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  string: 'a string',
  array: 'a list',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'empty',
};

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  // What is left is a number or a boolean: objects were handled above.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/** What a mapping at `path` holds, for messages: app, environment, … */
function mappingKind(path: Path): 'apps' | 'app' | 'environments' | 'environment' | 'argocd' | 'flux' | 'top' {
  if (path.length === 0) return 'top';
  if (path.length === 1) return 'apps';
  if (path.length === 2) return 'app';
  if (path.length === 3) return 'environments';
  if (path.length === 4) return 'environment';
  return path[4] === 'flux' ? 'flux' : 'argocd';
}

const REQUIRED_FIX: Record<string, string> = {
  apps: 'add "apps:" with one entry per app',
  environments: 'add "environments:" with one entry per environment, e.g. dev: { file: overlays/dev/values.yaml }',
  file: 'add "file:" with the repository-relative path of the file holding the tag',
  name: 'add "name:"',
  kind: 'add "kind: Kustomization" or "kind: HelmRelease"',
};

function describe(err: ErrorObject, doc: Document, data: unknown): Problem {
  const path = pathOf(err.instancePath);
  const here = label(path);
  const last = path[path.length - 1];
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
      const want = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const got = valueAt(data, path);
      const fix = types.includes('string') && got !== null && typeof got !== 'object' ? 'quote the value' : undefined;
      return { offset: valueOffset(doc, path), message: `${here} must be ${want}, got ${describeValue(got)}`, fix };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const got = valueAt(data, path);
      const near = typeof got === 'string' ? closest(got, allowed) : undefined;
      return {
        offset: valueOffset(doc, path),
        message: `${here} must be one of ${allowed.join(', ')}`,
        fix: near ? `did you mean "${near}"?` : undefined,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const what = mappingKind(path);
      const whose = what === 'top' ? 'gitops.yaml' : here;
      return {
        offset: keyOffset(doc, path),
        message: `${whose} is missing "${missing}"`,
        fix: REQUIRED_FIX[missing],
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(subschemaProperties(path));
      const near = closest(extra, allowed);
      const where = path.length ? `${here} has` : 'gitops.yaml has';
      return {
        offset: childKeyOffset(doc, path, extra),
        message: `${where} unknown key "${extra}"`,
        fix: near ? `did you mean "${near}"?` : `allowed keys: ${allowed.join(', ')}`,
      };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      const kind = mappingKind(path) === 'apps' ? 'app' : 'environment';
      return {
        offset: childKeyOffset(doc, path, name),
        message: `${kind} name ${JSON.stringify(name)} in ${here} is not valid`,
        fix: `use ${NAME_RULE}`,
      };
    }
    case 'pattern': {
      if (last === 'image' && path.length === 3) {
        return {
          offset: valueOffset(doc, path),
          message: `${here} must be an image repository without tag or digest, e.g. ghcr.io/acme/payments`,
          fix: 'drop the ":tag" or "@digest"',
        };
      }
      if (last === 'from') {
        return { offset: valueOffset(doc, path), message: `${here} must be an environment name`, fix: `use ${NAME_RULE}` };
      }
      return { offset: valueOffset(doc, path), message: `${here} must match ${String(params.pattern)}` };
    }
    case 'minLength':
      return { offset: valueOffset(doc, path), message: `${here} must not be empty` };
    case 'maxLength':
      return { offset: valueOffset(doc, path), message: `${here} must be at most ${String(params.limit)} characters` };
    case 'minProperties': {
      const what = mappingKind(path) === 'apps' ? 'app' : 'environment';
      return {
        offset: keyOffset(doc, path),
        message: `${here} must list at least one ${what}`,
        fix: REQUIRED_FIX[what === 'app' ? 'apps' : 'environments'],
      };
    }
    default:
      return { offset: valueOffset(doc, path), message: `${here} ${err.message ?? 'is not valid'}` };
  }
}

/**
 * Drop the duplicates of a report: the inner error of propertyNames (reported again with the
 * name), and "missing X" when the same mapping has an unknown key that is a typo of X (the typo
 * is the problem to show).
 */
function preferTypos(errors: readonly ErrorObject[]): ErrorObject[] {
  const typos = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys(subschemaProperties(pathOf(e.instancePath)));
    const near = closest(String((e.params as { additionalProperty: unknown }).additionalProperty), allowed);
    if (near) typos.add(`${e.instancePath}\0${near}`);
  }
  return errors.filter(
    (e) =>
      e.propertyName === undefined &&
      !(e.keyword === 'required' && typos.has(`${e.instancePath}\0${String((e.params as { missingProperty: unknown }).missingProperty)}`)),
  );
}

/** The `properties` of the schema node describing the mapping at `path`. */
function subschemaProperties(path: Path): Record<string, unknown> {
  const s = schema as unknown as {
    properties: Record<string, unknown>;
    definitions: Record<string, { properties?: Record<string, { properties?: Record<string, unknown> }> }>;
  };
  switch (mappingKind(path)) {
    case 'top':
      return s.properties;
    case 'app':
      return s.definitions.app?.properties ?? {};
    case 'environment':
      return s.definitions.environment?.properties ?? {};
    case 'argocd':
    case 'flux':
      return s.definitions.environment?.properties?.[String(path[4])]?.properties ?? {};
    default:
      return {};
  }
}

/** The candidate within edit distance 2 (or a prefix match), for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 4));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
