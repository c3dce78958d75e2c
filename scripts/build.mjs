// Bundle every action and the CLI with @vercel/ncc into dist/<name>/index.js.
// `--check` builds into a temporary folder and fails when committed dist/ differs (check-dist).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');

/** name in dist/ → entry file */
const entries = { cli: 'packages/cli/src/main.ts' };
for (const name of readdirSync(join(root, 'actions'))) {
  if (existsSync(join(root, 'actions', name, 'action.yml'))) entries[name] = `actions/${name}/main.ts`;
}

const out = check ? mkdtempSync(join(tmpdir(), 'dist-')) : join(root, 'dist');
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
for (const [name, entry] of Object.entries(entries)) {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  // --transpile-only: type checking is `npm run typecheck`'s job; ncc would check every file.
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', dir, '--transpile-only', '--quiet', '--target', 'es2022'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.stderr.write(`built dist/${name}/index.js\n`);
}

if (check) {
  const stale = [];
  for (const name of Object.keys(entries)) {
    for (const file of readdirSync(join(out, name))) {
      const built = readFileSync(join(out, name, file));
      const committed = join(root, 'dist', name, file);
      if (!existsSync(committed) || !built.equals(readFileSync(committed))) stale.push(`dist/${name}/${file}`);
    }
  }
  rmSync(out, { recursive: true, force: true });
  if (stale.length) {
    console.error(`dist/ is stale: ${stale.join(', ')}. Run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.error('dist/ is up to date');
}
