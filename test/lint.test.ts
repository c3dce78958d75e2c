/**
 * Lint inside `npm test`: typescript-eslint's type-checked rules over the tree, and the
 * architecture's boundaries (eslint.config.js), each proven to fire on a file that breaks it.
 */
import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { git } from '@gitops-actions/sandbox';
import { ROOT } from './support/faces.js';

const eslint = new ESLint({ cwd: ROOT });
/** For probe files that exist only in the test: the project's config minus type information. */
const probe = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function problems(code: string, file: string): Promise<string[]> {
  const [result] = await probe.lintText(code, { filePath: join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('boundaries', () => {
  it('the core imports no CI SDK and no face', async () => {
    expect(await problems("import * as core from '@actions/core';\nexport const x = core;\n", 'packages/core/src/probe.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*no CI SDK/),
    ]);
    expect(await problems("export { main } from '../../cli/src/program.js';\n", 'packages/core/src/probe.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports/),
    ]);
  });

  it('a verb imports ports, not adapters', async () => {
    expect(await problems("export { GitEnvRepo } from '../envrepo/git.js';\n", 'packages/core/src/verbs/probe.ts')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*ports/),
    ]);
    expect(await problems("export type { EnvRepo } from '../envrepo/port.js';\n", 'packages/core/src/verbs/probe.ts')).toEqual([]);
  });

  it('product code never imports the sandbox', async () => {
    for (const file of ['packages/cli/src/probe.ts', 'actions/face/probe.ts', 'packages/core/src/probe.ts']) {
      expect(await problems("export { startSandbox } from '@gitops-actions/sandbox';\n", file)).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*sandbox/),
      ]);
    }
  });
});

it('the whole tree lints clean (npm run lint)', async () => {
  const results = await eslint.lintFiles(['.']);
  const errors = results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath.slice(ROOT.length)}:${m.line}: ${m.ruleId}: ${m.message}`),
  );
  expect(errors).toEqual([]);
}, 600_000);

it('the whole tree is formatted (npm run format:check)', async () => {
  const prettier = await import('prettier');
  const files = (await git(ROOT, ['ls-files', '-co', '--exclude-standard', '*.ts', '*.mts', '*.mjs', '*.js', '*.json'])).split('\n').filter(Boolean);
  const unformatted: string[] = [];
  for (const file of files) {
    const path = join(ROOT, file);
    const info = await prettier.getFileInfo(path, { ignorePath: join(ROOT, '.prettierignore') });
    if (info.ignored || !existsSync(path)) continue;
    const options = await prettier.resolveConfig(path);
    if (!(await prettier.check(await readFile(path, 'utf8'), { ...options, filepath: path }))) unformatted.push(file);
  }
  expect(unformatted).toEqual([]);
}, 120_000);
