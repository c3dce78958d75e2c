/**
 * One bare repository driven for the sandbox forge's REST routes. Reads spawn no process: objects
 * come through the repository's long-lived `cat-file --batch-command` (git-batch.ts), refs straight
 * from the ref files (ref-files.ts), and what is known about immutable objects is cached. Blobs and
 * trees are written as loose objects, byte for byte what `git hash-object -w` writes. Commits are
 * still made by `git commit-tree` and refs still moved by `git update-ref <ref> <new> <old>`, the
 * atomic compare-and-swap the forge's concurrency semantics rest on. Anything unusual (short SHAs,
 * odd paths, merge histories, trees an index could not hold) falls back to the git command that
 * defined the behaviour before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { link, mkdir, mkdtemp, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { catFile, runGit, type CatFileBatch } from './git-batch.js';
import { isRefName, listRefs, readRef } from './ref-files.js';

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601 */
  date: string;
}

export interface GitCommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
}

export interface TreeChange {
  path: string;
  /** '100644' | '100755' | '040000' | '160000' | '120000' */
  mode: string;
  /** Object SHA, or null to delete the path. */
  sha: string | null;
}

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  size: number;
}

/** An entry of a tree object as stored: mode without padding (`40000`), name, oid. */
interface RawEntry {
  mode: string;
  name: string;
  sha: string;
}

const ZERO = '0'.repeat(40);
const FULL = /^[0-9a-f]{40}$/;
/** How far the JS history walks go before handing over to git (which has commit-graph and bitmaps). */
const WALK_LIMIT = 256;

/** An identity commit-tree writes as given (no characters it would strip or refuse). */
function plainIdent(p: { name: string; email: string }): boolean {
  const ok = (v: string) => v !== '' && !/[<>\n\0]/.test(v) && v.trim() === v && !/^[.,:;"']|[.,:;"']$/.test(v);
  return ok(p.name) && ok(p.email);
}

/** Now as git writes it in a commit: Unix seconds and the local zone offset (+hhmm). */
function gitNow(): string {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const abs = Math.abs(off);
  return `${Math.floor(d.getTime() / 1000)} ${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function parsePerson(line: string): GitPerson {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', date: new Date(0).toISOString() };
  return { name: m[1], email: m[2], date: new Date(Number(m[3]) * 1000).toISOString().replace('.000Z', 'Z') };
}

const typeOfMode = (mode: string) => (mode === '40000' ? 'tree' : mode === '160000' ? 'commit' : 'blob');
/** ls-tree pads modes to six digits. */
const lsMode = (mode: string) => mode.padStart(6, '0');
/** A path the JS tree walk handles exactly as ls-tree would; anything else goes to git. */
const plainPath = (path: string) => !/[*?[\\:]/.test(path) && path.split('/').every((c) => c !== '' && c !== '.' && c !== '..');
/** Names an index refuses (core.protectNTFS/HFS are on by default): such changes go through git. */
const gitWouldRefuse = (path: string) => path.split('/').some((c) => /^\.git|^git~\d/i.test(c) || /[. ]$/.test(c));

interface ObjectCache {
  types: Map<string, string>;
  commits: Map<string, GitCommitInfo>;
  entries: Map<string, TreeEntry | null>;
  blobs: Map<string, Buffer>;
  trees: Map<string, { entries: RawEntry[]; exact: boolean }>;
  sizes: Map<string, number>;
  lastCommit: Map<string, string | null>;
}

/** Results about immutable objects (by full SHA), shared by every BareRepo of a path. */
const objectCaches = new Map<string, ObjectCache>();
/** Repositories whose objects are SHA-1 (the JS object writer's format); others use git for writes. */
const sha1Repos = new Map<string, boolean>();
/** Identity of the directory at a path, to notice a repository deleted and made again at the same path. */
const identities = new Map<string, string>();

function forgetIfRecreated(path: string): void {
  let id: string;
  try {
    const st = statSync(path);
    id = `${st.ino}:${st.ctimeMs}`;
  } catch {
    return;
  }
  const known = identities.get(path);
  identities.set(path, id);
  if (known === undefined || known === id) return;
  // A reader started in the old directory would go on reading the deleted one.
  objectCaches.delete(path);
  sha1Repos.delete(path);
  catFile(path).close();
}

/** A bare repository driven with git plumbing. */
export class BareRepo {
  private readonly cache: ObjectCache;
  private readonly batch: CatFileBatch;
  private readonly sha1: boolean;

  constructor(readonly path: string) {
    forgetIfRecreated(path);
    let c = objectCaches.get(path);
    if (!c) {
      c = { types: new Map(), commits: new Map(), entries: new Map(), blobs: new Map(), trees: new Map(), sizes: new Map(), lastCommit: new Map() };
      objectCaches.set(path, c);
    }
    if (c.commits.size > 5000 || c.entries.size > 5000 || c.blobs.size > 2000 || c.trees.size > 5000 || c.sizes.size > 20000 || c.lastCommit.size > 5000) {
      for (const m of Object.values(c)) (m as Map<string, unknown>).clear();
    }
    this.cache = c;
    this.batch = catFile(path);
    let sha1 = sha1Repos.get(path);
    if (sha1 === undefined) {
      let config = '';
      try {
        config = readFileSync(join(path, 'config'), 'utf8');
      } catch {
        // no config: git's defaults, SHA-1
      }
      sha1 = !/objectformat\s*=\s*sha256/i.test(config);
      sha1Repos.set(path, sha1);
    }
    this.sha1 = sha1;
  }

  private async git(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<string> {
    const r = await runGit(this.path, args, opts);
    if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.trim()}`);
    return r.stdout.toString();
  }

  // -- refs -------------------------------------------------------------------------------

  /** Commit SHA a revision (branch name, full ref or SHA) resolves to, or null. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!rev || rev.startsWith('-')) return null;
    if (FULL.test(rev) && this.cache.types.get(rev) === 'commit') return rev;
    if (/^[0-9a-f]{4,39}$/i.test(rev)) {
      // A long-lived cat-file does not see loose objects written after it listed a fan-out
      // directory for abbreviations; git rev-parse does.
      const r = await runGit(this.path, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
      return r.code === 0 ? r.stdout.toString().trim() : null;
    }
    const info = await this.batch.info(`${rev}^{commit}`);
    if (!info || info.type !== 'commit') return null;
    this.cache.types.set(info.oid, 'commit');
    return info.oid;
  }

  /** SHA of a full ref (refs/heads/x), or null. */
  async refSha(ref: string): Promise<string | null> {
    return readRef(this.path, ref);
  }

  /** Refs under a prefix (e.g. refs/heads/), name → sha. */
  async refs(prefix = 'refs/'): Promise<Map<string, string>> {
    return listRefs(this.path, prefix);
  }

  // -- object reads -----------------------------------------------------------------------

  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
    const known = this.cache.types.get(sha);
    if (known) return known;
    if (sha.length < 40) {
      const r = await runGit(this.path, ['cat-file', '-t', sha]);
      return r.code === 0 ? r.stdout.toString().trim() : null;
    }
    const info = await this.batch.info(sha);
    if (!info) return null;
    this.cache.types.set(sha, info.type);
    this.cache.sizes.set(sha, info.size);
    return info.type;
  }

  async readCommit(sha: string): Promise<GitCommitInfo | null> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
    const known = this.cache.commits.get(sha);
    if (known) return known;
    let full = sha.toLowerCase();
    if (!FULL.test(full)) {
      const r = await runGit(this.path, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`]);
      if (r.code !== 0) return null;
      full = r.stdout.toString().trim();
    }
    const obj = await this.batch.contents(full);
    if (!obj || obj.type !== 'commit') return null;
    const text = obj.content.toString();
    const sep = text.indexOf('\n\n');
    const headers = (sep < 0 ? text : text.slice(0, sep)).split('\n');
    const info: GitCommitInfo = {
      sha: full,
      tree: '',
      parents: [],
      author: parsePerson(''),
      committer: parsePerson(''),
      message: sep < 0 ? '' : text.slice(sep + 2),
    };
    for (const h of headers) {
      const i = h.indexOf(' ');
      const key = h.slice(0, i);
      const value = h.slice(i + 1);
      if (key === 'tree') info.tree = value;
      else if (key === 'parent') info.parents.push(value);
      else if (key === 'author') info.author = parsePerson(value);
      else if (key === 'committer') info.committer = parsePerson(value);
    }
    this.cache.commits.set(full, info);
    this.cache.types.set(full, 'commit');
    this.cache.types.set(info.tree, 'tree');
    return info;
  }

  /** Entries of a tree object, as stored, or null when it is not a tree. */
  private async readTree(sha: string): Promise<RawEntry[] | null> {
    return (await this.readTreeChecked(sha))?.entries ?? null;
  }

  /** `exact`: every name is valid UTF-8, so the tree can be rewritten from its parsed entries. */
  private async readTreeChecked(sha: string): Promise<{ entries: RawEntry[]; exact: boolean } | null> {
    const known = this.cache.trees.get(sha);
    if (known) return known;
    const obj = await this.batch.contents(sha);
    if (!obj || obj.type !== 'tree') return null;
    const hashLen = obj.oid.length / 2;
    const entries: RawEntry[] = [];
    const buf = obj.content;
    let exact = true;
    for (let i = 0; i < buf.length;) {
      const sp = buf.indexOf(0x20, i);
      const nul = buf.indexOf(0, sp);
      const name = buf.toString('utf8', sp + 1, nul);
      exact &&= Buffer.from(name).equals(buf.subarray(sp + 1, nul));
      entries.push({ mode: buf.toString('latin1', i, sp), name, sha: buf.toString('hex', nul + 1, nul + 1 + hashLen) });
      i = nul + 1 + hashLen;
    }
    const tree = { entries, exact };
    this.cache.trees.set(sha, tree);
    this.cache.types.set(sha, 'tree');
    return tree;
  }

  /** Root tree of a commit or tree SHA, or null. */
  private async rootTree(treeish: string): Promise<string | null> {
    if (!FULL.test(treeish)) return null;
    const type = await this.objectType(treeish);
    if (type === 'tree') return treeish;
    if (type === 'commit') return (await this.readCommit(treeish))?.tree ?? null;
    return null;
  }

  /** The raw entry at `path` under a root tree, or null. */
  private async rawEntryAt(root: string, path: string): Promise<RawEntry | null> {
    let entry: RawEntry = { mode: '40000', name: '', sha: root };
    for (const name of path.split('/')) {
      if (entry.mode !== '40000') return null;
      const entries = await this.readTree(entry.sha);
      const next = entries?.find((e) => e.name === name);
      if (!next) return null;
      entry = next;
    }
    return entry;
  }

  private async blobSizes(shas: string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    await Promise.all(
      shas.map(async (sha) => {
        let size = this.cache.sizes.get(sha);
        if (size === undefined) {
          const info = await this.batch.info(sha);
          size = info?.size ?? 0;
          if (info) this.cache.sizes.set(sha, size);
        }
        sizes.set(sha, size);
      }),
    );
    return sizes;
  }

  private async toEntry(raw: RawEntry): Promise<TreeEntry> {
    const type = typeOfMode(raw.mode);
    const size = type === 'blob' ? ((await this.blobSizes([raw.sha])).get(raw.sha) ?? 0) : 0;
    return { mode: lsMode(raw.mode), type, sha: raw.sha, size };
  }

  /** The entry at `path` in a commit or tree, or null. */
  async entryAt(treeish: string, path: string): Promise<TreeEntry | null> {
    const immutable = FULL.test(treeish);
    const key = `${treeish}\0${path}`;
    if (immutable && this.cache.entries.has(key)) return this.cache.entries.get(key)!;
    const root = plainPath(path) ? await this.rootTree(treeish) : null;
    let entry: TreeEntry | null;
    if (root) {
      const raw = await this.rawEntryAt(root, path);
      entry = raw ? await this.toEntry(raw) : null;
    } else {
      const r = await runGit(this.path, ['ls-tree', '-z', '--long', '--end-of-options', treeish, '--', path]);
      if (r.code !== 0) return null;
      const line = r.stdout.toString().split('\0')[0];
      const m = line ? /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(line) : null;
      entry = !m || m[5] !== path ? null : { mode: m[1], type: m[2], sha: m[3], size: m[4] === '-' ? 0 : Number(m[4]) };
    }
    if (immutable) this.cache.entries.set(key, entry);
    return entry;
  }

  async listTree(treeish: string, path: string): Promise<(TreeEntry & { path: string })[]> {
    const root = path === '' || plainPath(path) ? await this.rootTree(treeish) : null;
    if (root) {
      const dir = path ? await this.rawEntryAt(root, path) : { mode: '40000', name: '', sha: root };
      const entries = dir?.mode === '40000' ? await this.readTree(dir.sha) : null;
      if (!entries) return [];
      const sizes = await this.blobSizes(entries.filter((e) => typeOfMode(e.mode) === 'blob').map((e) => e.sha));
      return entries.map((e) => {
        const type = typeOfMode(e.mode);
        return { mode: lsMode(e.mode), type, sha: e.sha, size: type === 'blob' ? (sizes.get(e.sha) ?? 0) : 0, path: path ? `${path}/${e.name}` : e.name };
      });
    }
    const spec = path ? `${treeish}:${path}` : treeish;
    const r = await runGit(this.path, ['ls-tree', '-z', '--long', '--end-of-options', spec]);
    if (r.code !== 0) return [];
    return r.stdout
      .toString()
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(line)!;
        return { mode: m[1], type: m[2], sha: m[3], size: m[4] === '-' ? 0 : Number(m[4]), path: path ? `${path}/${m[5]}` : m[5] };
      });
  }

  async readBlob(sha: string): Promise<Buffer | null> {
    const known = this.cache.blobs.get(sha);
    if (known) return known;
    if (!FULL.test(sha)) {
      const r = await runGit(this.path, ['cat-file', 'blob', sha]);
      return r.code === 0 ? r.stdout : null;
    }
    const obj = await this.batch.contents(sha);
    if (!obj || obj.type !== 'blob') return null;
    this.cache.types.set(sha, 'blob');
    this.cache.sizes.set(sha, obj.size);
    if (obj.content.length < 1 << 20) this.cache.blobs.set(sha, obj.content);
    return obj.content;
  }

  // -- object writes ----------------------------------------------------------------------

  /** Write a loose object as git does (deflated, into a temp file, then linked into place). */
  private async writeObject(type: string, body: Buffer): Promise<string> {
    const header = Buffer.from(`${type} ${body.length}\0`);
    const sha = createHash('sha1').update(header).update(body).digest('hex');
    const dir = join(this.path, 'objects', sha.slice(0, 2));
    const file = join(dir, sha.slice(2));
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `tmp_obj_${randomBytes(8).toString('hex')}`);
      await writeFile(tmp, deflateSync(Buffer.concat([header, body])), { mode: 0o444 });
      try {
        await link(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      } finally {
        await unlink(tmp);
      }
    }
    this.cache.types.set(sha, type);
    this.cache.sizes.set(sha, body.length);
    return sha;
  }

  async writeBlob(content: Buffer | string): Promise<string> {
    if (this.sha1) return this.writeObject('blob', Buffer.from(content));
    const sha = (await this.git(['hash-object', '-w', '--stdin'], { input: content })).trim();
    this.cache.types.set(sha, 'blob');
    return sha;
  }

  /** A new tree: `base` (a tree SHA, or null for empty) with `changes` applied (nested paths). */
  async buildTree(base: string | null, changes: TreeChange[]): Promise<string> {
    const tree = this.sha1 ? await this.editTree(base, changes) : null;
    if (tree) return tree;
    return this.buildTreeWithIndex(base, changes);
  }

  /**
   * buildTree without a process: the same result as loading `base` into an index, applying the
   * changes with `update-index --index-info` and `write-tree`, for the changes an index takes
   * without complaint. Null (use the index) for anything else: tree-mode entries, a path that is a
   * file in one place and a directory in another, paths git would not check in.
   */
  private async editTree(base: string | null, changes: TreeChange[]): Promise<string | null> {
    if (changes.some((c) => !plainPath(c.path) || gitWouldRefuse(c.path) || (c.sha !== null && !/^(100644|100755|120000|160000)$/.test(c.mode)))) return null;
    if (changes.some((c) => c.sha !== null && !FULL.test(c.sha))) return null;
    // A working tree: directories as maps of name → entry or subdirectory, loaded lazily.
    type Dir = { sha: string | null; entries: Map<string, RawEntry | Dir> | null; dirty: boolean };
    const rootDir: Dir = { sha: base, entries: base ? null : new Map(), dirty: base === null };
    const load = async (d: Dir): Promise<Map<string, RawEntry | Dir> | null> => {
      if (d.entries) return d.entries;
      const tree = await this.readTreeChecked(d.sha!);
      if (!tree?.exact) return null;
      d.entries = new Map(tree.entries.map((e) => [e.name, e.mode === '40000' ? { sha: e.sha, entries: null, dirty: false } : e]));
      return d.entries;
    };
    const isDir = (x: RawEntry | Dir | undefined): x is Dir => !!x && 'dirty' in x;
    /** Directories down to the parent of `path` (created when `create`), or null when a file is in the way. */
    const walk = async (path: string[], create: boolean): Promise<Dir[] | null | 'absent'> => {
      const chain = [rootDir];
      for (const name of path) {
        const entries = await load(chain[chain.length - 1]);
        if (!entries) return null;
        let next = entries.get(name);
        if (next === undefined) {
          if (!create) return 'absent';
          next = { sha: null, entries: new Map(), dirty: true };
          entries.set(name, next);
        }
        if (!isDir(next)) return create ? null : 'absent';
        chain.push(next);
      }
      return chain;
    };
    const markDirty = (chain: Dir[]) => chain.forEach((d) => (d.dirty = true));
    const prune = (chain: Dir[], names: string[]) => {
      // An index holds no empty directories: write-tree would drop them.
      for (let i = chain.length - 1; i > 0; i--) {
        if (chain[i].entries!.size > 0) break;
        chain[i - 1].entries!.delete(names[i - 1]);
      }
    };
    // Step 1, as the index version: deleting a path first removes everything below it in `base`.
    for (const c of changes.filter((x) => x.sha === null)) {
      const parts = c.path.split('/');
      const chain = await walk(parts.slice(0, -1), false);
      if (chain === null) return null;
      if (chain === 'absent') continue;
      const parent = chain[chain.length - 1];
      const entries = await load(parent);
      if (!entries) return null;
      if (isDir(entries.get(parts[parts.length - 1]))) {
        entries.delete(parts[parts.length - 1]);
        markDirty(chain);
        prune(chain, parts.slice(0, -1));
      }
    }
    // Step 2: the changes in order; a deletion now removes only a file at exactly that path.
    for (const c of changes) {
      const parts = c.path.split('/');
      const name = parts[parts.length - 1];
      if (c.sha === null) {
        const chain = await walk(parts.slice(0, -1), false);
        if (chain === null) return null;
        if (chain === 'absent') continue;
        const entries = await load(chain[chain.length - 1]);
        if (!entries) return null;
        const existing = entries.get(name);
        if (existing && !isDir(existing)) {
          entries.delete(name);
          markDirty(chain);
          prune(chain, parts.slice(0, -1));
        }
        continue;
      }
      const chain = await walk(parts.slice(0, -1), true);
      if (chain === null || chain === 'absent') return null; // a file where a directory is needed
      const entries = await load(chain[chain.length - 1]);
      if (!entries || isDir(entries.get(name))) return null; // a directory where the file goes
      entries.set(name, { mode: c.mode, name, sha: c.sha });
      markDirty(chain);
    }
    const write = async (d: Dir): Promise<string> => {
      if (!d.dirty) return d.sha!;
      const items: { name: string; mode: string; sha: string }[] = [];
      for (const [name, e] of d.entries!) items.push(isDir(e) ? { name, mode: '40000', sha: await write(e) } : { name, mode: e.mode, sha: e.sha });
      // git's tree order: names compared as bytes, a directory as if it ended in '/'.
      const key = (i: { name: string; mode: string }) => Buffer.from(i.mode === '40000' ? `${i.name}/` : i.name);
      items.sort((a, b) => Buffer.compare(key(a), key(b)));
      const body = Buffer.concat(items.flatMap((i) => [Buffer.from(`${i.mode} ${i.name}\0`), Buffer.from(i.sha, 'hex')]));
      const sha = await this.writeObject('tree', body);
      d.sha = sha;
      d.dirty = false;
      return sha;
    };
    if (rootDir.sha !== null && !(await load(rootDir))) return null;
    return write(rootDir);
  }

  private async buildTreeWithIndex(base: string | null, changes: TreeChange[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'forge-idx-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await this.git(base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
      if (changes.length > 0) {
        const lines = changes.map((c) => (c.sha ? `${c.mode} ${c.sha}\t${c.path}` : `0 ${ZERO}\t${c.path}`)).join('\n') + '\n';
        // Deleting a directory path removes everything under it.
        const dirs = changes.filter((c) => !c.sha).map((c) => c.path);
        if (dirs.length > 0) {
          const listed = await this.git(['ls-files', '-z'], { env });
          const extra = listed
            .split('\0')
            .filter((p) => p && dirs.some((d) => p.startsWith(`${d}/`)))
            .map((p) => `0 ${ZERO}\t${p}`);
          if (extra.length > 0) await this.git(['update-index', '--index-info'], { env, input: extra.join('\n') + '\n' });
        }
        await this.git(['update-index', '--add', '--index-info'], { env, input: lines });
      }
      const tree = (await this.git(['write-tree', '--missing-ok'], { env })).trim();
      this.cache.types.set(tree, 'tree');
      return tree;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async commitTree(tree: string, parents: string[], message: string, author: Partial<GitPerson> = {}, committer: Partial<GitPerson> = author): Promise<string> {
    const who = {
      author: { name: author.name ?? 'sandbox', email: author.email ?? 'sandbox@example.invalid', date: author.date },
      committer: {
        name: committer.name ?? author.name ?? 'sandbox',
        email: committer.email ?? author.email ?? 'sandbox@example.invalid',
        date: committer.date,
      },
    };
    // Written in JS as commit-tree writes it, for the plain case; git itself for anything it would
    // normalise (an identity with specials, a date string to parse, a SHA-256 repository).
    if (this.sha1 && plainIdent(who.author) && plainIdent(who.committer) && !who.author.date && !who.committer.date) {
      const now = gitNow();
      const lines = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`)];
      lines.push(`author ${who.author.name} <${who.author.email}> ${now}`, `committer ${who.committer.name} <${who.committer.email}> ${now}`);
      return this.writeObject('commit', Buffer.from(`${lines.join('\n')}\n\n${message}`));
    }
    const env: Record<string, string> = {
      GIT_AUTHOR_NAME: who.author.name,
      GIT_AUTHOR_EMAIL: who.author.email,
      GIT_COMMITTER_NAME: who.committer.name,
      GIT_COMMITTER_EMAIL: who.committer.email,
    };
    if (who.author.date) env.GIT_AUTHOR_DATE = who.author.date;
    if (who.committer.date) env.GIT_COMMITTER_DATE = who.committer.date;
    const args = ['commit-tree', tree];
    for (const p of parents) args.push('-p', p);
    args.push('-F', '-');
    const sha = (await this.git(args, { env, input: message })).trim();
    this.cache.types.set(sha, 'commit');
    return sha;
  }

  /**
   * Atomic compare-and-swap of a ref: moves `ref` to `next` only if it points at `expected`
   * (null: must not exist). False when it lost the race. Done as git's files backend does it —
   * `<ref>.lock` created exclusively, the old value checked under it, renamed into place — so it
   * excludes git's own writers (a push through smart HTTP) and they exclude it; a lock held by
   * another writer is waited for up to 100 ms, as git's core.filesRefLockTimeout does.
   */
  async updateRef(ref: string, next: string, expected: string | null): Promise<boolean> {
    if (!isRefName(ref) || !/^[0-9a-f]{40}$/.test(next)) return this.updateRefByGit(ref, next, expected);
    const file = join(this.path, ref);
    const lock = `${file}.lock`;
    // A ref where a directory of refs is, or under a ref: git refuses it too.
    const clash = (e: unknown) => ['ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '');
    try {
      await mkdir(dirname(file), { recursive: true });
    } catch (e) {
      if (clash(e)) return false;
      throw e;
    }
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    for (let waited = 0; !handle; waited += 10) {
      try {
        handle = await open(lock, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || waited >= 100) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    let renamed = false;
    try {
      const current = await readRef(this.path, ref);
      if (current !== expected) return false;
      await handle.writeFile(`${next}\n`);
      await handle.close();
      handle = undefined;
      await rename(lock, file);
      renamed = true;
      return true;
    } catch (e) {
      if (clash(e)) return false;
      throw e;
    } finally {
      await handle?.close();
      if (!renamed) await unlink(lock).catch(() => undefined);
    }
  }

  private async updateRefByGit(ref: string, next: string, expected: string | null): Promise<boolean> {
    const r = await runGit(this.path, ['update-ref', '-m', 'sandbox forge API', ref, next, expected ?? ZERO]);
    return r.code === 0;
  }

  async deleteRef(ref: string, expected?: string): Promise<boolean> {
    const args = ['update-ref', '-d', ref];
    if (expected) args.push(expected);
    return (await runGit(this.path, args)).code === 0;
  }

  // -- history ----------------------------------------------------------------------------

  /** Commits reachable from `rev` touching `path` (all when empty), newest first. */
  async log(rev: string, opts: { path?: string; skip?: number; max?: number } = {}): Promise<GitCommitInfo[]> {
    const args = ['log', '-z', '--format=%H%x01%T%x01%P%x01%an%x01%ae%x01%at%x01%cn%x01%ce%x01%ct%x01%B'];
    if (opts.skip) args.push(`--skip=${opts.skip}`);
    if (opts.max !== undefined) args.push(`--max-count=${opts.max}`);
    args.push('--end-of-options', rev, '--');
    if (opts.path) args.push(opts.path);
    const r = await runGit(this.path, args);
    if (r.code !== 0) return [];
    const iso = (s: string) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z');
    return r.stdout
      .toString()
      .split('\0')
      .filter(Boolean)
      .map((rec) => {
        const f = rec.split('\x01');
        return {
          sha: f[0],
          tree: f[1],
          parents: f[2] ? f[2].split(' ') : [],
          author: { name: f[3], email: f[4], date: iso(f[5]) },
          committer: { name: f[6], email: f[7], date: iso(f[8]) },
          message: f.slice(9).join('\x01'),
        };
      });
  }

  async count(rev: string, path?: string): Promise<number> {
    const args = ['rev-list', '--count', '--end-of-options', rev, '--'];
    if (path) args.push(path);
    const r = await runGit(this.path, args);
    return r.code === 0 ? Number(r.stdout.toString().trim()) : 0;
  }

  /** Last commit reachable from `rev` that touched `path`, or null. */
  async lastCommitFor(rev: string, path: string): Promise<string | null> {
    const key = `${rev}\0${path}`;
    if (FULL.test(rev) && this.cache.lastCommit.has(key)) return this.cache.lastCommit.get(key)!;
    const walked = FULL.test(rev) && plainPath(path) ? await this.lastCommitByWalk(rev, path) : undefined;
    if (walked !== undefined) {
      this.cache.lastCommit.set(key, walked);
      return walked;
    }
    const r = await runGit(this.path, ['rev-list', '--max-count=1', '--end-of-options', rev, '--', path]);
    const out = r.stdout.toString().trim();
    const found = r.code === 0 && out ? out : null;
    if (FULL.test(rev) && r.code === 0) this.cache.lastCommit.set(key, found);
    return found;
  }

  /**
   * `rev-list --max-count=1 rev -- path` along a linear stretch of history: the first commit whose
   * entry at `path` differs from its parent's (a root commit counts when the path exists).
   * Undefined (ask git) at a merge, at an unreadable commit, or after WALK_LIMIT commits.
   */
  private async lastCommitByWalk(rev: string, path: string): Promise<string | null | undefined> {
    // The path itself or any directory prefix of it counts as "touched" for rev-list's pathspec.
    const at = async (commit: GitCommitInfo) => {
      const e = await this.rawEntryAt(commit.tree, path);
      return e ? `${e.mode} ${e.sha}` : null;
    };
    let c = await this.readCommit(rev);
    for (let i = 0; c && i < WALK_LIMIT; i++) {
      if (c.parents.length > 1) return undefined;
      const mine = await at(c);
      if (c.parents.length === 0) return mine === null ? null : c.sha;
      const parent = await this.readCommit(c.parents[0]);
      if (!parent) return undefined;
      if (parent.tree !== c.tree && (await at(parent)) !== mine) return c.sha;
      c = parent;
    }
    return undefined;
  }

  /**
   * True when `ancestor` is reachable from `descendant`. A short walk in JS answers the common
   * case (a fast-forward by a commit or a few); anything else goes to `git merge-base --is-ancestor`.
   */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (FULL.test(ancestor) && FULL.test(descendant)) {
      const seen = new Set<string>();
      let frontier = [descendant];
      while (frontier.length > 0 && seen.size < WALK_LIMIT) {
        const next: string[] = [];
        for (const sha of frontier) {
          if (sha === ancestor) return true;
          if (seen.has(sha)) continue;
          seen.add(sha);
          const c = await this.readCommit(sha);
          if (!c) return this.isAncestorByGit(ancestor, descendant); // let git say what an unreadable object means
          next.push(...c.parents);
        }
        frontier = next;
      }
      // All history from `descendant` walked without meeting `ancestor`.
      if (frontier.length === 0) return false;
    }
    return this.isAncestorByGit(ancestor, descendant);
  }

  private async isAncestorByGit(ancestor: string, descendant: string): Promise<boolean> {
    const r = await runGit(this.path, ['merge-base', '--is-ancestor', ancestor, descendant]);
    return r.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await runGit(this.path, ['merge-base', a, b]);
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /**
   * The commits after `base` up to `head`, newest first, when `head` descends from `base` by a
   * line of single-parent commits no longer than the walk limit (what a look at a busy branch
   * usually asks); undefined otherwise (merges, other ancestry: ask git).
   */
  async linearRange(base: string, head: string): Promise<GitCommitInfo[] | undefined> {
    if (!FULL.test(base) || !FULL.test(head)) return undefined;
    const out: GitCommitInfo[] = [];
    let sha = head;
    for (let i = 0; i <= WALK_LIMIT; i++) {
      if (sha === base) return out;
      const c = await this.readCommit(sha);
      if (!c || c.parents.length !== 1) return undefined;
      out.push(c);
      sha = c.parents[0];
    }
    return undefined;
  }

  /** `changedPaths` between two trees, in JS over the object reader: only differing subtrees are read. */
  async diffTrees(from: string, to: string, prefix = ''): Promise<{ status: string; path: string }[]> {
    if (from === to) return [];
    const [a, b] = await Promise.all([this.readTree(from), this.readTree(to)]);
    if (!a || !b) return this.changedPaths(from, to).then((all) => all.map((c) => ({ ...c, path: `${prefix}${c.path}` })));
    const isTree = (e: RawEntry) => e.mode === '40000' || e.mode === '040000';
    const files = async (e: RawEntry, status: string, dir: string): Promise<{ status: string; path: string }[]> => {
      if (!isTree(e)) return [{ status, path: `${dir}${e.name}` }];
      const inner = (await this.readTree(e.sha)) ?? [];
      return (await Promise.all(inner.map((x) => files(x, status, `${dir}${e.name}/`)))).flat();
    };
    const before = new Map(a.map((e) => [e.name, e]));
    const after = new Map(b.map((e) => [e.name, e]));
    const names = new Set([...before.keys(), ...after.keys()]);
    const out: { entry: RawEntry; changes: Promise<{ status: string; path: string }[]> }[] = [];
    for (const name of names) {
      const [x, y] = [before.get(name), after.get(name)];
      if (x && y && x.sha === y.sha && x.mode === y.mode) continue;
      if (x && y && isTree(x) && isTree(y)) out.push({ entry: y, changes: this.diffTrees(x.sha, y.sha, `${prefix}${name}/`) });
      // Same kind of entry (file, symlink, submodule: the mode's first digits): modified; else a type change.
      else if (x && y && !isTree(x) && !isTree(y))
        out.push({ entry: y, changes: Promise.resolve([{ status: x.mode.slice(0, 3) === y.mode.slice(0, 3) ? 'M' : 'T', path: `${prefix}${name}` }]) });
      else if (x && y) out.push({ entry: y, changes: Promise.all([files(x, 'D', prefix), files(y, 'A', prefix)]).then(([d, n]) => [...d, ...n]) });
      else if (x) out.push({ entry: x, changes: files(x, 'D', prefix) });
      else out.push({ entry: y!, changes: files(y!, 'A', prefix) });
    }
    const all = (await Promise.all(out.map((o) => o.changes))).flat();
    // diff-tree -r lists paths in byte order.
    return all.sort((p, q) => Buffer.compare(Buffer.from(p.path), Buffer.from(q.path)));
  }

  /** Tree of merging `theirs` into `ours`, or null on conflicts. */
  async mergeTree(ours: string, theirs: string): Promise<string | null> {
    const r = await runGit(this.path, ['merge-tree', '--write-tree', ours, theirs]);
    if (r.code !== 0) return null;
    return r.stdout.toString().split('\n')[0].trim();
  }

  /** Paths that differ between two commits. */
  async changedPaths(from: string, to: string): Promise<{ status: string; path: string }[]> {
    const r = await runGit(this.path, ['diff-tree', '-r', '-z', '--no-commit-id', '--name-status', from, to]);
    const parts = r.stdout.toString().split('\0').filter(Boolean);
    const out: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i], path: parts[i + 1] });
    return out;
  }
}
