/**
 * Verification records as git notes under refs/notes/gitops: one JSON object per line, the latest
 * line per context wins. The notes ref is pushed with compare-and-swap; concurrent writers
 * re-apply their line on the fresh note (p-retry, jittered backoff).
 *
 * Reads fetch the notes ref once per run (with its trees and small blobs): every later read is
 * local (status: ~60 records, one round trip); a note too large for that comes by id, fetched
 * together with what other readers miss at the same time.
 */
import pRetry from 'p-retry';
import { ConflictError } from '../errors.js';
import type { Redactor } from '../redaction.js';
import type { Verification } from './port.js';
import { HEAD_FILTER, type GitObjectStore } from './git-objects.js';
import type { Lease } from './git-push.js';

export const NOTES_REF = 'refs/notes/gitops';

/** The notes store: the object store to read and write notes with, and how to push the notes ref. */
export interface NotesStore {
  objects: GitObjectStore;
  push(sha: string, ref: string, lease: Lease): Promise<void>;
  /** The notes tip this run read (undefined: not fetched since the start or our last write; null: there is no notes ref). */
  tip?: string | null;
}

/**
 * The notes tip, fetched once per run with its trees and (small) note blobs: a status run reads
 * dozens of notes, eight at a time, and fetching their blobs on demand took a round trip per batch.
 */
async function notesTip(store: NotesStore): Promise<string | null> {
  if (store.tip === undefined) store.tip = await store.objects.fetchRef(NOTES_REF, NOTES_REF, HEAD_FILTER);
  return store.tip;
}

/** One note line for a verification: secrets out of the target URL, stamped with the time. */
export function noteLine(v: Verification, redactor: Redactor): string {
  const record: Record<string, string> = { context: v.context, state: v.state };
  if (v.description !== undefined) record.description = v.description;
  if (v.targetUrl !== undefined) record.targetUrl = redactor.redact(v.targetUrl);
  record.at = new Date().toISOString();
  return JSON.stringify(record);
}

/** Put `line` into the note of `commit`, replacing the line of the same context; retried on a moved notes ref. */
export function writeNote(store: NotesStore, commit: string, context: string, line: string): Promise<void> {
  const { objects } = store;
  return pRetry(
    async () => {
      // Always fresh here: the push is a compare-and-swap on what was read.
      const notes = await objects.fetchRef(NOTES_REF, NOTES_REF, 'blob:none');
      store.tip = notes;
      const baseTree = notes ? await objects.treeOf(notes) : null;
      const existing = baseTree ? await findNote(objects, baseTree, commit) : null;
      const old = existing ? (await objects.readBlobNow(existing.oid)).toString('utf8') : '';
      const text = mergeNote(old, context, line);
      const sha = (await objects.commitFiles(notes, [{ path: existing?.path ?? commit, content: text }], `Notes added by gitops-actions\n`, {
        allowEmpty: true,
      }))!;
      await store.push(sha, NOTES_REF, { expect: notes ?? '' });
      await objects.writeRef(NOTES_REF, sha);
      // Others may be recording too: a read after our own write looks again.
      store.tip = undefined;
    },
    {
      // Jittered (randomize: ×1..2) so racing writers spread out; bounded so a busy notes ref
      // still settles within seconds.
      retries: 20,
      minTimeout: 20,
      maxTimeout: 500,
      factor: 1.4,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof ConflictError,
    },
  );
}

/** The records in the note of `commit` (none without a notes ref or a note). */
/** The blob of `commit`'s note, or null (inside the caller's exclusive operation). */
export async function locateNote(store: NotesStore, commit: string): Promise<string | null> {
  const notes = await notesTip(store);
  if (!notes) return null;
  return (await findNote(store.objects, await store.objects.treeOf(notes), commit))?.oid ?? null;
}

/** A note's blob for `commit` in a notes tree, flat (`<sha>`) or fanned out (`ab/cdef…`). */
async function findNote(objects: GitObjectStore, tree: string, commit: string): Promise<{ path: string; oid: string } | null> {
  let current = tree;
  let prefix = '';
  let rest = commit;
  for (;;) {
    const entries = await objects.readTree(current);
    const flat = entries.find((e) => e.name === rest && e.type === 'blob');
    if (flat) return { path: prefix + rest, oid: flat.oid };
    const fan = entries.find((e) => e.name === rest.slice(0, 2) && e.type === 'tree');
    if (!fan || rest.length <= 2) return null;
    prefix += `${rest.slice(0, 2)}/`;
    rest = rest.slice(2);
    current = fan.oid;
  }
}

/** Replace this context's line (if any) and append the new one: one line per context. */
export function mergeNote(old: string, context: string, line: string): string {
  const kept = old.split('\n').filter((l) => {
    if (!l.trim()) return false;
    try {
      return (JSON.parse(l) as { context?: unknown }).context !== context;
    } catch {
      return true; // someone else's text: keep it
    }
  });
  return [...kept, line].join('\n') + '\n';
}

/** The latest record per context, in first-seen order. */
export function parseNote(text: string): Verification[] {
  const byContext = new Map<string, Verification>();
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(l) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof o.context !== 'string' || !['success', 'failure', 'pending'].includes(o.state as string)) continue;
    const v: Verification = { context: o.context, state: o.state as Verification['state'] };
    if (typeof o.description === 'string') v.description = o.description;
    if (typeof o.targetUrl === 'string') v.targetUrl = o.targetUrl;
    if (typeof o.at === 'string') v.at = o.at;
    byContext.delete(o.context);
    byContext.set(o.context, v);
  }
  return [...byContext.values()];
}
