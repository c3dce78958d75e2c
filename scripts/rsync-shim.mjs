#!/usr/bin/env node
// A stand-in for rsync, so the GitLab template tests run where only Node and git are installed.
// gitlab-ci-local (shell executor) shells out to rsync to mirror the tracked files, to collect
// artifacts and to copy dotenv reports; test/support/gitlab.ts puts this first on PATH for it.
// It implements exactly that subset, with rsync's semantics:
//   rsync -a --delete-excluded --delete --exclude-from=F --exclude P ./ DEST/
//   rsync --exclude 'P' -rRa --files-from=F . DEST/.
//   rsync -Ra ./FILE DEST/.          rsync -a SRC/. DEST
// Anything else exits 1 naming the option, so a gitlab-ci-local upgrade that needs more fails loudly.
// -a here means recursive, symlinks as symlinks, permissions and modification times; owner, group
// and device files are not copied (the jobs run as the user running the tests).
import { chmod, copyFile, lstat, lutimes, mkdir, readdir, readFile, readlink, rm, symlink, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';

const USAGE = 1; // rsync: syntax or usage error
const IO = 11; // rsync: error in file I/O
const PARTIAL = 23; // rsync: partial transfer due to error

function fail(message) {
  process.stderr.write(`rsync (gitops-actions stand-in, scripts/rsync-shim.mjs): ${message}\n`);
  process.exit(USAGE);
}

// ---- arguments -------------------------------------------------------------------------------
const opts = { archive: false, recursive: false, relative: false, delete: false, deleteExcluded: false, excludes: [], excludeFrom: [], filesFrom: undefined };
const paths = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = (name) => {
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    if (i + 1 >= argv.length) fail(`${name} needs a value`);
    return argv[++i];
  };
  if (arg === '--archive') opts.archive = true;
  else if (arg === '--recursive') opts.recursive = true;
  else if (arg === '--relative') opts.relative = true;
  else if (arg === '--delete') opts.delete = true;
  else if (arg === '--delete-excluded') opts.deleteExcluded = true;
  else if (arg === '--exclude' || arg.startsWith('--exclude=')) opts.excludes.push(value('--exclude'));
  else if (arg === '--exclude-from' || arg.startsWith('--exclude-from=')) opts.excludeFrom.push(value('--exclude-from'));
  else if (arg === '--files-from' || arg.startsWith('--files-from=')) opts.filesFrom = value('--files-from');
  else if (/^-[a-zA-Z]+$/.test(arg)) {
    for (const flag of arg.slice(1)) {
      if (flag === 'a') opts.archive = true;
      else if (flag === 'r') opts.recursive = true;
      else if (flag === 'R') opts.relative = true;
      else fail(`unsupported option -${flag}; this stand-in implements only what gitlab-ci-local uses`);
    }
  } else if (arg.startsWith('-')) fail(`unsupported option ${arg}; this stand-in implements only what gitlab-ci-local uses`);
  else paths.push(arg);
}
if (paths.length < 2) fail('needs at least one source and a destination');
const dest = paths.pop();
const sources = paths;
// --files-from implies --relative, and then -a no longer implies -r (rsync(1)).
if (opts.filesFrom !== undefined) opts.relative = true;
const recursive = opts.recursive || (opts.archive && opts.filesFrom === undefined);
if (opts.filesFrom !== undefined && sources.length !== 1) fail('--files-from takes exactly one source directory');

// ---- exclude patterns (rsync's wildcard rules) ----------------------------------------------------
/** `*` and `?` stop at `/`, `**` crosses it, `[…]` is a class; a leading `/` anchors the pattern at the
 *  transfer root, otherwise it matches the end of the path at a component boundary; a trailing `/`
 *  matches directories only; `dir/***` matches dir and everything in it. */
function compile(pattern) {
  let p = pattern;
  const dirOnly = p.endsWith('/') && p.length > 1;
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.startsWith('/');
  if (anchored) p = p.slice(1);
  let tail = '';
  if (p.endsWith('/***')) {
    p = p.slice(0, -4);
    tail = '(?:/.*)?';
  }
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      re += '.*';
      while (p[i + 1] === '*') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && p.indexOf(']', i + 2) > 0) {
      const end = p.indexOf(']', i + 2);
      const body = p.slice(i + 1, end);
      re += `[${body.replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < p.length) re += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return { dirOnly, re: new RegExp(`${anchored ? '^' : '(?:^|/)'}${re}${tail}$`) };
}

const rules = opts.excludes.map(compile);
for (const file of opts.excludeFrom) {
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const pattern = line.replace(/\r$/, '');
    if (pattern === '' || pattern.startsWith('#') || pattern.startsWith(';')) continue;
    rules.push(compile(pattern));
  }
}
const excluded = (rel, isDir) => rel !== '' && rules.some((r) => (!r.dirOnly || isDir) && r.re.test(rel));

// ---- what to send: rel path (from the transfer root) → source ---------------------------------------
let status = 0;
/** @type {Map<string, {src: string, st: import('node:fs').Stats, walked: boolean}>} */
const entries = new Map();

function error(message) {
  process.stderr.write(`rsync: ${message}\n`);
  status = PARTIAL;
}

async function walk(src, rel, recurse) {
  let st;
  try {
    st = await lstat(src);
  } catch (e) {
    return error(`link_stat "${src}" failed: ${e.code === 'ENOENT' ? 'No such file or directory (2)' : e.message}`);
  }
  if (excluded(rel, st.isDirectory())) return;
  if (st.isDirectory() && !recurse && opts.filesFrom === undefined && rel !== '') {
    process.stderr.write(`skipping directory ${rel}\n`);
    return;
  }
  entries.set(rel, { src, st, walked: st.isDirectory() && recurse });
  if (!st.isDirectory() || !recurse) return;
  for (const name of (await readdir(src)).sort()) await walk(join(src, name), rel ? `${rel}/${name}` : name, true);
}

/** -R: the path as given, less a leading `./` or `/` (or everything up to a `/./`), with its parents. */
async function walkRelative(base, given) {
  const cut = given.lastIndexOf('/./');
  const rel = (cut >= 0 ? given.slice(cut + 3) : given)
    .replace(/^(\.\/|\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
  const src = join(base, cut >= 0 ? given.slice(0, cut) : '', rel);
  const st = await lstat(src).catch(() => undefined);
  if (!st) return walk(src, rel, recursive); // reports it
  // Its parent folders go along (without their other contents) only when the path itself does.
  if (excluded(rel, st.isDirectory())) return;
  const parts = rel ? rel.split('/') : [];
  // A leading `./` names the transfer root too: the destination folder takes on its attributes.
  const spelled = cut >= 0 ? given.slice(cut + 3) : given;
  if (spelled.startsWith('./') && rel && !entries.has(''))
    entries.set('', { src: join(src, '../'.repeat(parts.length)), st: await lstat(join(src, '../'.repeat(parts.length))), walked: false });
  for (let n = 1; n < parts.length; n++) {
    const parent = parts.slice(0, n).join('/');
    const at = join(src, '../'.repeat(parts.length - n));
    if (!entries.has(parent)) entries.set(parent, { src: at, st: await lstat(at), walked: false });
  }
  await walk(src, rel, recursive);
}

const contentsOf = (src) => src === '.' || src.endsWith('/') || src.endsWith('/.');
let fileTarget; // a single file copied to a destination that is not a directory: rsync renames it
if (opts.filesFrom !== undefined) {
  const base = sources[0];
  for (const line of (await readFile(opts.filesFrom, 'utf8')).split('\n')) {
    const given = line.replace(/\r$/, '');
    if (given === '' || given.startsWith('#') || given.startsWith(';')) continue;
    await walkRelative(base, given);
  }
} else {
  for (const src of sources) {
    if (opts.relative) await walkRelative('.', src);
    else if (contentsOf(src)) await walk(src, '', recursive);
    else await walk(src, basename(src), recursive);
  }
  const only = [...entries.values()];
  if (sources.length === 1 && !opts.relative && only.length === 1 && !only[0].st.isDirectory() && !dest.endsWith('/')) {
    const st = await lstat(dest).catch(() => undefined);
    if (!st?.isDirectory()) fileTarget = dest;
  }
}

// ---- apply ------------------------------------------------------------------------------------------
const target = (rel) => fileTarget ?? (rel ? join(dest, rel) : dest);

async function removeAt(path) {
  await rm(path, { recursive: true, force: true });
}

// Like rsync, create only the last folder of the destination (gitlab-ci-local makes the rest).
if (!fileTarget) {
  try {
    await mkdir(dest);
  } catch (e) {
    if (e.code !== 'EEXIST') {
      process.stderr.write(`rsync: mkdir "${dest}" failed: ${e.code === 'ENOENT' ? 'No such file or directory (2)' : e.message}\n`);
      process.exit(IO);
    }
  }
}

// --delete: in each directory sent recursively, remove what the source does not have; what is
// excluded stays unless --delete-excluded.
if (opts.delete) {
  for (const [rel, e] of entries) {
    if (!e.walked) continue;
    const names = await readdir(target(rel), { withFileTypes: true }).catch(() => []);
    for (const d of names) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (entries.has(child)) continue;
      if (excluded(child, d.isDirectory()) && !opts.deleteExcluded) continue;
      await removeAt(join(target(rel), d.name));
    }
  }
}

const dirs = [];
for (const [rel, { src, st }] of entries) {
  const to = target(rel);
  try {
    const existing = await lstat(to).catch(() => undefined);
    if (st.isDirectory()) {
      if (existing && !existing.isDirectory()) await removeAt(to);
      await mkdir(to, { recursive: true });
      dirs.push([to, st]);
    } else if (st.isSymbolicLink()) {
      const link = await readlink(src);
      if (existing?.isSymbolicLink() && (await readlink(to)) === link) continue;
      if (existing) await removeAt(to);
      await symlink(link, to);
      await lutimes(to, st.atime, st.mtime);
    } else if (st.isFile()) {
      // rsync's quick check: same size and modification time → already there.
      const same = existing?.isFile() && existing.size === st.size && Math.trunc(existing.mtimeMs) === Math.trunc(st.mtimeMs);
      if (!same) {
        if (existing) await removeAt(to);
        await copyFile(src, to);
      }
      await chmod(to, st.mode & 0o7777);
      await utimes(to, st.atime, st.mtime);
    } else {
      process.stderr.write(`skipping non-regular file "${rel}"\n`);
    }
  } catch (e) {
    error(`${rel || '.'}: ${e.message}`);
  }
}
// Directory permissions and times last (deepest first): writing into them changes their mtime.
for (const [to, st] of dirs.reverse()) {
  await chmod(to, st.mode & 0o7777).catch((e) => error(e.message));
  await utimes(to, st.atime, st.mtime).catch((e) => error(e.message));
}
process.exit(status);
