/** dist/ is what users run: a fresh `ncc` build must equal the committed bundles. */
import { ROOT, runProcess } from './support/faces.js';

it('committed dist/ matches a fresh build (npm run check-dist)', async () => {
  const r = await runProcess(process.execPath, ['scripts/build.mjs', '--check'], { cwd: ROOT, timeoutMs: 300_000 });
  expect({ code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
}, 300_000);
