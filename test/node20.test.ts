/**
 * GitHub runs the actions on node24, but self-hosted runners and `npx gitops-actions` may still
 * have Node 20: every bundle must load there and fail (if at all) with a plain error, not a
 * SyntaxError. Uses the machine's system Node (20 here, next to the node@24 dev dependency).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cleanEnv, runProcess } from './support/faces.js';

const SYSTEM_NODE = '/usr/bin/node';

describe('bundles on the system Node', () => {
  it('runs Node 20', async () => {
    const r = await runProcess(SYSTEM_NODE, ['--version']);
    expect(r.stdout.trim()).toMatch(/^v20\./);
  });

  it('the CLI answers --version and a bad flag with exit 2', async () => {
    expect((await runProcess(SYSTEM_NODE, [join(ROOT, 'dist/cli/index.js'), '--version'])).stdout.trim()).toBe('0.1.0');
    const r = await runProcess(SYSTEM_NODE, [join(ROOT, 'dist/cli/index.js'), 'promote', '--mode', 'yolo'], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/SyntaxError|ERR_/);
  });

  it.each(readdirSync(join(ROOT, 'dist')).filter((d) => d !== 'cli'))('dist/%s loads and fails on missing inputs with ::error::', async (name) => {
    const r = await runProcess(SYSTEM_NODE, [join(ROOT, 'dist', name, 'index.js')], { env: cleanEnv({ GITHUB_ACTIONS: 'true' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::/m);
    expect(r.stderr).not.toMatch(/SyntaxError|ERR_/);
  });
});
