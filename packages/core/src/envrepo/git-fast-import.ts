/**
 * Writing one commit with one process: `git fast-import` takes the parent, the changed files and
 * the message on stdin and writes blobs, trees and the commit into one pack (instead of a
 * hash-object, a mktree per directory and a commit-tree). Only the trees along the changed paths
 * are read, so a partial clone with the head's trees is enough.
 */
import { createHash } from 'node:crypto';
import { InputError, RemoteError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import { startGit, type StartedGit } from './git-process.js';

export interface Ident {
  name: string;
  email: string;
}

export interface FastImportFile {
  path: string;
  content: string;
  /** 100644 or 100755 (kept from the file it replaces). */
  mode: string;
}

export interface FastImportCommit {
  parent: string | null;
  files: FastImportFile[];
  message: string;
  author: Ident;
  committer: Ident;
}

/** The blob id git gives `content` (to see, without writing, that a file would not change). */
export function blobId(content: string | Buffer, hashHexLength = 40): string {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const algo = hashHexLength === 64 ? 'sha256' : 'sha1';
  return createHash(algo).update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** `Name <email> <seconds> +0000`; fast-import refuses <, > and newlines in a name or email. */
function identLine(who: Ident, seconds: number): string {
  const clean = (s: string) => s.replace(/[<>\n\r\0]/g, '').trim();
  const name = clean(who.name);
  const email = clean(who.email);
  if (!name || !email) throw new InputError(`invalid commit author "${who.name} <${who.email}>"`, 'set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL');
  return `${name} <${email}> ${seconds} +0000`;
}

/** A path as fast-import reads it: C-style quoted when it could be misread. */
function quotePath(path: string): string {
  if (!/["\\\n]/.test(path) && !path.startsWith('"')) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function data(text: string): Buffer[] {
  const body = Buffer.from(text, 'utf8');
  return [Buffer.from(`data ${body.length}\n`), body, Buffer.from('\n')];
}

export interface FastImportOptions {
  gitDir: string;
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  timeoutMs: number;
}

/**
 * A fast-import waiting for its stream, started early (startGit). Unused, close it with
 * `finish('done\n')`: it then writes nothing. Every import is kept as a pack: below
 * fastimport.unpackLimit (default 100 objects, so every commit of ours) fast-import would start
 * `unpack-objects` to loosen it, one more process for nothing.
 */
export function startFastImport(opts: FastImportOptions): StartedGit {
  return startGit(['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--force', '--done'], {
    cwd: opts.gitDir,
    env: opts.env,
    redactor: opts.redactor,
    timeoutMs: opts.timeoutMs,
  });
}

/**
 * Write the commit into `gitDir`'s object store; resolves with its id. `started`: a fast-import
 * from startFastImport on that gitDir, still unfed (else one is started now).
 */
export async function fastImportCommit(c: FastImportCommit, opts: FastImportOptions & { scratchRef: string }, started?: StartedGit): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const message = c.message.endsWith('\n') ? c.message : `${c.message}\n`;
  const parts: Buffer[] = [
    Buffer.from(`commit ${opts.scratchRef}\nmark :1\nauthor ${identLine(c.author, now)}\ncommitter ${identLine(c.committer, now)}\n`),
    ...data(message),
  ];
  if (c.parent) parts.push(Buffer.from(`from ${c.parent}\n`));
  for (const f of c.files) {
    parts.push(Buffer.from(`M ${f.mode} inline ${quotePath(f.path)}\n`), ...data(f.content));
  }
  parts.push(Buffer.from('\nget-mark :1\ndone\n'));
  const r = await (started?.ready ? started : startFastImport(opts)).finish(Buffer.concat(parts));
  const sha = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
    const line = r.stderr.split('\n').find((l) => /fatal|error/i.test(l)) ?? r.stderr.trim().split('\n')[0] ?? '';
    throw new RemoteError(`git fast-import failed (exit ${r.code}): ${line || 'no output'}`);
  }
  return sha;
}
