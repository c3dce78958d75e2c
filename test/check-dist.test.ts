/**
 * dist/ is what users run: the committed bundles must equal a fresh build of the sources (the one
 * jest's global setup made for the face tests), and the generated faces must be fresh.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST, ROOT, runProcess } from './support/faces.js';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

const built = process.env.GITOPS_TEST_DIST_BUILT === '1';

(built ? it : it.skip)('committed dist/ equals the bundle built from these sources (npm run check-dist)', () => {
  const fresh = files(DIST);
  const committed = existsSync(join(ROOT, 'dist')) ? files(join(ROOT, 'dist')) : [];
  const stale = fresh.filter((f) => !committed.includes(f) || !readFileSync(join(DIST, f)).equals(readFileSync(join(ROOT, 'dist', f))));
  const extra = committed.filter((f) => !fresh.includes(f));
  expect({ stale, extra }).toEqual({ stale: [], extra: [] });
});

it('generated faces are fresh (action.yml, components, READMEs)', async () => {
  const r = await runProcess(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/generate-faces.ts', '--check'], { cwd: ROOT });
  expect({ code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
});
