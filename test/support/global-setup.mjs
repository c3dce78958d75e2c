// Jest global setup: the face tests run the bundles built from the sources under test, never a
// stale dist/. Built once per run into a fresh temporary folder (GITOPS_TEST_DIST, which the workers inherit);
// test/check-dist.test.ts then proves the committed dist/ equals that build. A caller that sets
// GITOPS_TEST_DIST itself (a private build) skips this.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  if (process.env.GITOPS_TEST_DIST) return;
  const root = new URL('../..', import.meta.url).pathname;
  const out = mkdtempSync(join(tmpdir(), 'gitops-test-dist-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.GITOPS_TEST_DIST = out;
  process.env.GITOPS_TEST_DIST_BUILT = '1';
}
