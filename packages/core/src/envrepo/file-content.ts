/**
 * What EnvRepo.readFile may hand to the manifest editor: text that round-trips byte for byte.
 *
 * An edit writes back a JS string encoded as UTF-8, so a file that is not valid UTF-8 would come
 * back with U+FFFD where its odd bytes were (a silent change far from the edited scalar). Such a
 * file is refused instead of spliced as raw bytes: YAML itself must be Unicode, and the consumers
 * (go-yaml in Helm, kustomize, Argo CD, Flux) reject invalid UTF-8 too, so there is nothing to keep
 * that works. The BOM is kept (ignoreBOM), as the editor preserves it.
 *
 * Symlinks and submodules are refused, never read through or replaced: following a link would
 * edit another file (maybe another environment's), and writing over it would turn the link into
 * a regular file.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';
import { MAX_YAML_BYTES } from '../manifest/limits.js';

/** Largest file readFile hands out (the YAML limit: every file read is a manifest or gitops.yaml). */
export const MAX_FILE_BYTES = MAX_YAML_BYTES;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** Refuses a file over MAX_FILE_BYTES (before its content is fetched, where the size is known first). */
export function checkFileSize(size: number, path: string, where: string): void {
  if (size > MAX_FILE_BYTES) {
    throw new InputError(
      `${path} in ${where} is ${megabytes(size)} (${size} bytes), over the ${megabytes(MAX_FILE_BYTES)} limit for a file gitops-actions edits`,
      'split it into smaller files (one per app or environment)',
    );
  }
}

/** The 1-based line holding the first byte sequence that is not UTF-8 (lines split at LF, which UTF-8 never uses inside a character). */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    if (nl < 0) return line;
    line += 1;
    start = nl + 1;
  }
}

/** The file's text, exactly as stored; InputError when it is too large or not UTF-8. */
export function decodeFile(bytes: Uint8Array, path: string, where: string): string {
  checkFileSize(bytes.length, path, where);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InputError(
      `${path} in ${where} is not UTF-8 text (line ${firstBadLine(bytes)} holds bytes that are not UTF-8)`,
      'convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8); an edit would otherwise not keep those bytes',
    );
  }
}

export type SpecialEntry = 'symlink' | 'submodule';

/**
 * For a path the forge says does not exist: walks its parent directories from the top and throws
 * the refusal when one is a symlink or a submodule (the forge's 404 would otherwise read as "no
 * such file"). Runs only on that failure path; stops at the first missing directory.
 */
export async function refuseSpecialParent(path: string, where: string, kindOf: (dir: string) => Promise<'dir' | SpecialEntry | undefined>): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i += 1) {
    const dir = parts.slice(0, i).join('/');
    const kind = await kindOf(dir);
    if (kind === 'symlink' || kind === 'submodule') throw specialFileError(path, where, kind, dir);
    if (kind !== 'dir') return;
  }
}

/**
 * The refusal for a path that is (or lies inside) a symlink or a submodule. `at` is the part of
 * the path that is one, when it is a parent directory.
 */
export function specialFileError(path: string, where: string, kind: SpecialEntry, at: string = path): InputError {
  const what = kind === 'symlink' ? 'a symbolic link' : 'a git submodule';
  const subject = at === path ? `${path} in ${where} is ${what}` : `${path} in ${where} lies inside ${at}, which is ${what}`;
  return new InputError(
    `${subject}; gitops-actions edits regular files only and never follows or replaces ${kind === 'symlink' ? 'links' : 'submodules'}`,
    kind === 'symlink'
      ? 'point --file (or file: in gitops.yaml) at the file the link points to'
      : "promote in the submodule's own repository (its env repo), or point --file at a file of this repository",
  );
}
