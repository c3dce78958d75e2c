/** The front door: `npm run demo` runs the documented pipeline on the sandbox, start to end. */
import { join } from 'node:path';
import { ROOT, cleanEnv, runProcess } from './support/faces.js';

it('npm run demo completes every step as documented', async () => {
  const r = await runProcess(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'], {
    cwd: ROOT,
    env: cleanEnv({ GITOPS_TEST_DIST: process.env.GITOPS_TEST_DIST }),
    timeoutMs: 240_000,
  });
  expect({ code: r.code, err: r.code ? r.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
  expect(r.stdout).toMatch(/rollback\(dev payments\) to v1\.2\.3\n[0-9a-f]{7} dev\(payments\): v1\.2\.4-bad/);
  expect(r.stdout).toContain('#2 prod(payments): v1.2.3');
  // After the automatic rollback: dev is Healthy again at the rollback commit, a re-run of the
  // rollback does nothing, and the next pipeline of the bad tag is refused.
  const rollbackCommit = /^([0-9a-f]{7}) rollback\(dev payments\) to v1\.2\.3$/m.exec(r.stdout)![1];
  expect(r.stdout).toMatch(new RegExp(`^healthy: Healthy / Synced @ ${rollbackCommit}`, 'm'));
  expect(r.stdout).toMatch(/^rollback dev\(payments\): v1\.2\.3 → v1\.2\.3: unchanged$/m);
  expect(r.stderr).toMatch(/^error: .*v1\.2\.4-bad.*--force/m);
  // The closing status table: dev back on v1.2.3 by the rollback, v1.2.4-bad blocked there; staging verified; prod's PR open.
  expect(r.stdout).toMatch(
    /^payments +dev +v1\.2\.3 +\S+ \S+ +[0-9a-f]{7} rollback of v1\.2\.4-bad +verified \S+ \S+ +- +v1\.2\.4-bad \((rolled back|failed verification) [0-9a-f]{7}/m,
  );
  expect(r.stdout).toMatch(/^payments +staging +v1\.2\.3 +.* verified \S+ \S+ +- +-$/m);
  expect(r.stdout).toMatch(/^payments +prod +v1\.2\.2 +.* unverified +#2 promotion v1\.2\.3 +-$/m);
  expect(r.stdout.trimEnd().endsWith('demo finished: every step behaved as expected')).toBe(true);
  expect(r.stdout + r.stderr).not.toContain('ghp_demoTOKEN');
}, 240_000);

it('npm run demo -- --flux: a HelmRelease rolled back by Helm fails the gate at once and the env repo goes back to v1.2.3', async () => {
  const r = await runProcess(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts', '--flux'], {
    cwd: ROOT,
    env: cleanEnv({ GITOPS_TEST_DIST: process.env.GITOPS_TEST_DIST }),
    timeoutMs: 240_000,
  });
  expect({ code: r.code, err: r.code ? r.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
  const failed =
    /^error: upgrade to 0\.1\.0\+([0-9a-f]{12}) failed \(context deadline exceeded\); Helm rolled back to 0\.1\.0\+([0-9a-f]{12}); helm-controller will retry \(3 of 3 retries left\); rolled back to v1\.2\.3$/m.exec(
      r.stderr,
    );
  expect(failed).not.toBeNull();
  expect(r.stdout).toMatch(new RegExp(`^${failed![1].slice(0, 7)} dev\\(payments\\): v1\\.2\\.4-bad$`, 'm'));
  expect(r.stdout).toMatch(new RegExp(`^${failed![2].slice(0, 7)} gitops/payments/dev: success`, 'm'));
  expect(r.stdout).toMatch(/^[0-9a-f]{7} rollback\(dev payments\) to v1\.2\.3$/m);
  // The flaky tag passed with --flux-retries wait once its retry was released.
  const rc = /^([0-9a-f]{7}) dev\(payments\): v1\.2\.5-rc\.1$/m.exec(r.stdout);
  expect(rc).not.toBeNull();
  expect(r.stdout).toMatch(new RegExp(`^${rc![1]} gitops/payments/dev: success healthy: Ready at ${rc![1]}: Helm upgrade succeeded`, 'm'));
  expect(r.stdout.trimEnd().endsWith('demo finished: every step behaved as expected')).toBe(true);
}, 240_000);
