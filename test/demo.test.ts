/** The front door: `npm run demo` runs the documented pipeline on the sandbox, start to end. */
import { join } from 'node:path';
import { ROOT, cleanEnv, runProcess } from './support/faces.js';

it('npm run demo completes every step as documented', async () => {
  const r = await runProcess(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'], { cwd: ROOT, env: cleanEnv(), timeoutMs: 240_000 });
  expect({ code: r.code, err: r.code ? r.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
  expect(r.stdout).toMatch(/rollback\(dev payments\) to v1\.2\.3\n[0-9a-f]{7} dev\(payments\): v1\.2\.4-bad/);
  expect(r.stdout).toContain('#2 prod(payments): v1.2.3');
  expect(r.stdout.trimEnd().endsWith('demo finished: every step behaved as expected')).toBe(true);
  expect(r.stdout + r.stderr).not.toContain('ghp_demoTOKEN');
}, 240_000);
