/**
 * gitops.yaml → GitopsConfig: YAML parse, JSON Schema validation (config/gitops.schema.json, the
 * same file editors use through `# yaml-language-server: $schema=…`), then the checks a schema
 * cannot express (`from` names a sibling env and never cycles, `file` stays inside the repo).
 * Every problem is an InputError (exit 2) whose message starts with `file:line:column:` of the
 * offending node (schema errors are worded by schema-errors.ts).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, visit, type Document } from 'yaml';
// One schema file, shipped for editors and imported here: ncc (webpack) inlines it into each
// dist bundle; ts-jest and tsx load it as a JSON module (hence the import attribute).
import schema from './gitops.schema.json' with { type: 'json' };
import { InputError } from '../errors.js';
import { parsePath } from '../manifest/path.js';
import { parseOneBounded, YamlLimitError } from '../manifest/limits.js';
import { assertRepoPath } from './repo-path.js';
import { schemaProblems } from './schema-errors.js';
import type { GitopsConfig } from './types.js';
import { label, startOf, valueOffset, type Path } from './yaml-locate.js';

export const CONFIG_FILE = 'gitops.yaml';

/** The JSON Schema of gitops.yaml (draft-07), as shipped in packages/core/src/config/gitops.schema.json. */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = schema;

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
    const message = syntax.code === 'MULTIPLE_DOCS' ? `${file} must hold a single YAML document` : `invalid YAML: ${syntax.message}`;
    throw new InputError(`${at(syntax.pos[0])}: ${message}`, `fix the YAML syntax of ${file}`);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`${at(aliasTrouble(doc) ?? 0)}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`, `fix the YAML of ${file}`, {
      cause: err,
    });
  }

  if (data === null || data === undefined) {
    throw new InputError(`${at(0)}: ${file} is empty`, 'start it with "apps:" and list each app\'s environments');
  }

  const validate = validator();
  if (!validate(data)) {
    const problems = schemaProblems(validate.errors ?? [], doc, data);
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
          const first = cycle[0];
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
