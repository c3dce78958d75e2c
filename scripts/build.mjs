// Bundle every face with @vercel/ncc into ONE bundle, dist/bundle/ (entry actions/bundle.ts; each
// face is a chunk loaded on demand), plus a two-line stub per face: dist/cli/index.js and
// dist/<action>/index.js, which is what action.yml's `runs.main` and package.json's `bin` name.
// `--check` builds into a temporary folder and fails when committed dist/ differs (check-dist).
// `--out DIR` builds only the bundle and stubs into DIR, touching nothing in the checkout (no
// regenerated faces): for tests and packaging from a private copy while dist/ is shared.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : undefined;
if (outArg > 0 && (!outDir || outDir.startsWith('-'))) {
  console.error('--out needs a folder: node scripts/build.mjs --out /tmp/my-dist');
  process.exit(2);
}

const faces = ['cli'];
for (const name of readdirSync(join(root, 'actions')).sort()) {
  if (existsSync(join(root, 'actions', name, 'action.yml'))) faces.push(name);
}
const entry = readFileSync(join(root, 'actions/bundle.ts'), 'utf8');
const missing = faces.filter((f) => !entry.includes(`${/^[a-z]+$/.test(f) ? f : `'${f}'`}: () => import(`));
if (missing.length) {
  console.error(`actions/bundle.ts has no entry for: ${missing.join(', ')}. Add one per action folder.`);
  process.exit(1);
}

// Generated faces first (action.yml, action READMEs, GitLab components, README tables): from the verb specs.
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
try {
  if (!outDir)
    execFileSync(process.execPath, [tsx, 'scripts/generate-faces.ts', ...(check ? ['--check'] : [])], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
} catch {
  process.exit(1);
}

const out = check ? mkdtempSync(join(tmpdir(), 'dist-')) : outDir ? resolve(outDir) : join(root, 'dist');
// --out replaces DIR: never the checkout or anything around or in it, never a folder that is not a build.
if (outDir && (!relative(root, out).startsWith('..') || (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, 'bundle/index.js'))))) {
  console.error(`--out ${outDir}: use an empty or previously built folder outside the checkout`);
  process.exit(2);
}
if (!check) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
// --transpile-only: type checking is `npm run typecheck`'s job; ncc would check every file.
execFileSync(process.execPath, [ncc, 'build', 'actions/bundle.ts', '-o', join(out, 'bundle'), '--transpile-only', '--quiet', '--target', 'es2022'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
for (const name of faces) {
  mkdirSync(join(out, name), { recursive: true });
  const shebang = name === 'cli' ? '#!/usr/bin/env node\n' : '';
  writeFileSync(join(out, name, 'index.js'), `${shebang}import { start } from '../bundle/index.js';\nawait start('${name}');\n`);
  writeFileSync(join(out, name, 'package.json'), '{\n  "type": "module"\n}\n');
}
process.stderr.write(`built ${outDir ? join(out, 'bundle') : 'dist/bundle'} and ${faces.length} stubs\n`);

if (check) {
  const list = (dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(dir, join(d.parentPath, d.name)))
      .sort();
  const built = list(out);
  const committed = existsSync(join(root, 'dist')) ? list(join(root, 'dist')) : [];
  const stale = [];
  for (const f of built) {
    const c = join(root, 'dist', f);
    if (!existsSync(c) || !readFileSync(join(out, f)).equals(readFileSync(c))) stale.push(`dist/${f}`);
  }
  for (const f of committed) if (!built.includes(f)) stale.push(`dist/${f} (no longer built)`);
  rmSync(out, { recursive: true, force: true });
  if (stale.length) {
    console.error(`dist/ is stale: ${stale.join(', ')}. Run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.error('dist/ is up to date');
}
