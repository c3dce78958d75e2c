/**
 * Refs of a bare repository read straight from git's "files" ref store: a loose ref file
 * (`refs/heads/main`, written by git as a lock file renamed into place, so a read sees the old or
 * the new value, never half of one) falling back to `packed-refs`. Reading the file is as cheap as
 * checking its mtime and, unlike an mtime check, cannot miss two updates within one timestamp tick,
 * so the sandbox keeps no ref cache to invalidate: every writer (its own API, a push through smart
 * HTTP, a test committing to the bare path) is seen at once.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A name git could store as a ref file under refs/ (a subset of check-ref-format: anything else cannot exist). */
export function isRefName(ref: string): boolean {
  if (!ref.startsWith('refs/') || ref.endsWith('/') || ref.endsWith('.') || ref.includes('..') || ref.includes('@{')) return false;
  if (/[\0-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((c) => c !== '' && !c.startsWith('.') && !c.endsWith('.lock'));
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null; // ENOENT, ENOTDIR, EISDIR: not a loose ref
  }
}

/** packed-refs as name → oid (peeled `^` lines skipped). */
async function packedRefs(gitDir: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const text = await readText(join(gitDir, 'packed-refs'));
  if (!text) return map;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('^')) continue;
    const i = line.indexOf(' ');
    const oid = line.slice(0, i);
    if (OID.test(oid)) map.set(line.slice(i + 1), oid);
  }
  return map;
}

/** Object a ref points to (symbolic refs followed), or null. */
export async function readRef(gitDir: string, ref: string, depth = 0): Promise<string | null> {
  if (depth > 5 || !isRefName(ref)) return null;
  const loose = (await readText(join(gitDir, ref)))?.trim();
  if (loose !== undefined) {
    if (OID.test(loose)) return loose;
    if (loose.startsWith('ref: ')) return readRef(gitDir, loose.slice(5).trim(), depth + 1);
    return null;
  }
  return (await packedRefs(gitDir)).get(ref) ?? null;
}

/** Every ref under `prefix` (e.g. `refs/heads/`), name → oid, sorted by name as for-each-ref sorts. */
export async function listRefs(gitDir: string, prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const [name, oid] of await packedRefs(gitDir)) if (name.startsWith(prefix)) found.set(name, oid);
  // Walk from the deepest whole directory of the prefix; loose refs override packed ones.
  const base = prefix.slice(0, prefix.lastIndexOf('/') + 1) || 'refs/';
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(gitDir, dir), { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries.map(async (e) => {
        const name = `${dir}${e.name}`;
        if (e.isDirectory()) return walk(`${name}/`);
        if (!name.startsWith(prefix) || !isRefName(name)) return;
        const oid = await readRef(gitDir, name);
        if (oid) found.set(name, oid);
        else found.delete(name); // deleted between listing and reading
      }),
    );
  };
  if (isRefName(`${base}x`)) await walk(base);
  const bytes = (s: string) => Buffer.from(s);
  return new Map([...found].sort(([a], [b]) => Buffer.compare(bytes(a), bytes(b))));
}
