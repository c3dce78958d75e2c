/**
 * gitops.yaml → GitopsConfig: YAML parse, JSON Schema validation (config/gitops.schema.json, the
 * same file editors use through `# yaml-language-server: $schema=…`), then the checks a schema
 * cannot express (`from` names a sibling env and never cycles, `file` stays inside the repo).
 * Every problem is an InputError (exit 2) whose message starts with `file:line:column:` of the
 * offending node.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  visit,
  type Document,
  type Node,
} from 'yaml';
// One schema file, shipped for editors and imported here: ncc (webpack) inlines it into each
// dist bundle; ts-jest and tsx load it as a JSON module (hence the import attribute).
import schema from './gitops.schema.json' with { type: 'json' };
import { InputError } from '../errors.js';
import { parsePath } from '../manifest/path.js';
import { parseOneBounded, YamlLimitError } from '../manifest/limits.js';
import { assertRepoPath } from './repo-path.js';
import type { GitopsConfig } from './types.js';

export const CONFIG_FILE = 'gitops.yaml';

/** The JSON Schema of gitops.yaml (draft-07), as shipped in packages/core/src/config/gitops.schema.json. */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = schema;

const NAME_RULE = 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    // allowUnionTypes: `argocd` is a string or a mapping, expressed without oneOf so that errors
    // stay specific.
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

type Path = readonly (string | number)[];

/**
 * Parse and validate gitops.yaml. `file` is only used in messages.
 * @throws InputError `file:line:column: message` for bad YAML, schema violations, unknown
 *   `from`, `from` cycles and files outside the repository.
 */
export function parseConfig(text: string, file: string = CONFIG_FILE): GitopsConfig {
  const lineCounter = new LineCounter();
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return `${file}:${line}:${col}`;
  };
  // Size, nesting depth and aliases bounded before anything recurses (manifest/limits.ts).
  let doc: Document.Parsed;
  try {
    doc = parseOneBounded(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  } catch (err) {
    if (!(err instanceof YamlLimitError)) throw err;
    const { offset, message, fix } = err.problem;
    const what = message === 'Map keys must be unique' ? `invalid YAML: ${message}` : message;
    throw new InputError(`${at(offset)}: ${what}`, fix);
  }

  const syntax = doc.errors[0];
  if (syntax) {
    const message =
      syntax.code === 'MULTIPLE_DOCS'
        ? `${file} must hold a single YAML document`
        : `invalid YAML: ${syntax.message}`;
    throw new InputError(`${at(syntax.pos[0])}: ${message}`, `fix the YAML syntax of ${file}`);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(
      `${at(aliasTrouble(doc) ?? 0)}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`,
      `fix the YAML of ${file}`,
      { cause: err },
    );
  }

  if (data === null || data === undefined) {
    throw new InputError(`${at(0)}: ${file} is empty`, 'start it with "apps:" and list each app\'s environments');
  }

  const validate = validator();
  if (!validate(data)) {
    const problems = preferTypos(validate.errors ?? [])
      .map((e) => describe(e, doc, data))
      .sort((a, b) => a.offset - b.offset);
    const first = problems[0];
    if (first) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
      throw new InputError(`${at(first.offset)}: ${first.message}${more}`, first.fix);
    }
    throw new InputError(`${at(0)}: ${file} does not match its schema`);
  }

  const config = data as GitopsConfig;
  checkSemantics(config, doc, at);
  return config;
}

// ---------------------------------------------------------------------------------------------
// Locating instance paths in the YAML document.

interface Located {
  /** The node at the path, or the deepest ancestor that exists. */
  node: Node | null;
  /** The key node of the pair holding `node`, when `node` is a mapping value. */
  key: Node | null;
  /** Whether the whole path was found. */
  found: boolean;
}

function locate(doc: Document, path: Path): Located {
  let node: Node | null = doc.contents;
  let key: Node | null = null;
  for (const segment of path) {
    const current = deref(doc, node);
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return { node: current, key, found: false };
      key = pair.key as Node | null;
      node = pair.value as Node | null;
      if (node === null) return { node: key, key, found: true };
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (!item) return { node: current, key, found: false };
      key = null;
      node = item as Node;
    } else {
      return { node: current, key, found: false };
    }
  }
  return { node: deref(doc, node), key, found: true };
}

function deref(doc: Document, node: Node | null): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/** Offset of the value at `path` (or of its key when the value is empty). */
function valueOffset(doc: Document, path: Path): number {
  const { node, key } = locate(doc, path);
  if (isScalar(node) && node.value === null && key) return startOf(key);
  return startOf(node ?? key);
}

/** Offset of the key naming the mapping at `path` (the mapping itself at the top level). */
function keyOffset(doc: Document, path: Path): number {
  const { node, key } = locate(doc, path);
  return startOf(key ?? node);
}

/** Offset of the key `name` inside the mapping at `path`. */
function childKeyOffset(doc: Document, path: Path, name: string): number {
  const { node, key, found } = locate(doc, [...path, name]);
  return found ? startOf(key ?? node) : startOf(node);
}

function pathOf(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function label(path: Path): string {
  return path.length ? path.join('.') : 'the top level';
}

// ---------------------------------------------------------------------------------------------
// Schema errors → one line each.

interface Problem {
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
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function aliasTrouble(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (offset === undefined && !node.resolve(doc)) offset = startOf(node);
    },
  });
  return offset;
}

// ---------------------------------------------------------------------------------------------
// Checks beyond the schema.

function checkSemantics(config: GitopsConfig, doc: Document, at: (offset: number) => string): void {
  const checkKey = (key: string | undefined, path: Path): void => {
    if (key === undefined) return;
    try {
      parsePath(key);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(`${at(valueOffset(doc, path))}: ${label(path)}: ${err.message}`, err.fix, { cause: err });
    }
  };
  for (const [app, appConfig] of Object.entries(config.apps)) {
    const envs = appConfig.environments;
    const names = Object.keys(envs);
    checkKey(appConfig.key, ['apps', app, 'key']);
    for (const [env, envConfig] of Object.entries(envs)) {
      const base = ['apps', app, 'environments', env];
      checkKey(envConfig.key, [...base, 'key']);
      const filePath = [...base, 'file'];
      try {
        envConfig.file = assertRepoPath(envConfig.file ?? '', label(filePath));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        throw new InputError(`${at(valueOffset(doc, filePath))}: ${err.message}`, err.fix, { cause: err });
      }
      const from = envConfig.from;
      if (from !== undefined && !Object.hasOwn(envs, from)) {
        const others = names.filter((n) => n !== env);
        throw new InputError(
          `${at(valueOffset(doc, [...base, 'from']))}: ${label([...base, 'from'])} names "${from}", which is not an environment of app ${app}`,
          others.length ? `use one of: ${others.join(', ')}` : 'remove "from:"',
        );
      }
    }
    // Every `from` chain must end at an environment without `from`.
    const done = new Set<string>();
    for (const start of names) {
      const chain: string[] = [];
      let current: string | undefined = start;
      while (current !== undefined && !done.has(current)) {
        const seen = chain.indexOf(current);
        if (seen >= 0) {
          const cycle = [...chain.slice(seen), current];
          const first = cycle[0]!;
          const fromPath = ['apps', app, 'environments', first, 'from'];
          throw new InputError(
            `${at(valueOffset(doc, fromPath))}: ${label(fromPath)} makes a cycle in the promotion order: ${cycle.join(' ← ')}`,
            'the first environment of the promotion order must have no "from"',
          );
        }
        chain.push(current);
        current = envs[current]?.from;
      }
      for (const c of chain) done.add(c);
    }
  }
}
