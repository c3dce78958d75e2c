/**
 * GitHub runs the actions on node24, but self-hosted runners and `npx gitops-actions` may still
 * have Node 20: every bundle must load there and fail (if at all) with a plain error, not a
 * SyntaxError. Node 20 comes from the dev dependency `node20` (npm:node@20), whatever the
 * machine's own Node is.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, cleanEnv, runProcess } from './support/faces.js';

const NODE20 = join(ROOT, 'node_modules/node20/bin/node');

describe('bundles on Node 20', () => {
  it('runs Node 20', async () => {
    const r = await runProcess(NODE20, ['--version']);
    expect(r.stdout.trim()).toMatch(/^v20\./);
  });

  it('the CLI answers --version and a bad flag with exit 2', async () => {
    expect((await runProcess(NODE20, [join(DIST, 'cli/index.js'), '--version'])).stdout.trim()).toBe('0.1.0');
    const r = await runProcess(NODE20, [join(DIST, 'cli/index.js'), 'promote', '--mode', 'yolo'], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/SyntaxError|ERR_/);
  });

  it.each(readdirSync(DIST).filter((d) => d !== 'cli' && d !== 'bundle'))('dist/%s loads and fails on missing inputs with ::error::', async (name) => {
    const r = await runProcess(NODE20, [join(DIST, name, 'index.js')], { env: cleanEnv({ GITHUB_ACTIONS: 'true' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::/m);
    expect(r.stderr).not.toMatch(/SyntaxError|ERR_/);
  });
});
