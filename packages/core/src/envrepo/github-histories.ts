/**
 * GitHub: several files' histories at one commit, each commit with its status contexts, and the
 * texts of some files, in one GraphQL query (`Commit.history(path:)`, `Commit.status.contexts`,
 * `Repository.object(expression:)` on a Blob). Over REST the same costs one request per history,
 * one per commit whose statuses are read, and one per file. Field names and types are those of
 * GitHub's published schema (the sandbox executes the query against it).
 */
import { checkFileSize, decodeFile } from './file-content.js';
import { fromGithubState } from './forge-common.js';
import type { HistoriesRequest, HistoryEntry, Verification } from './port.js';

/** GitHub's largest page of a connection. */
export const MAX_HISTORY = 100;

/** The query for `paths` histories (h0…) and `reads` blobs (f0…), every value a variable. */
export function historiesQuery(paths: number, reads: number): string {
  const vars = ['$owner: String!', '$name: String!', '$rev: String!', '$limit: Int!'];
  const histories: string[] = [];
  const blobs: string[] = [];
  for (let i = 0; i < paths; i++) {
    vars.push(`$p${i}: String!`);
    histories.push(`h${i}: history(path: $p${i}, first: $limit) { nodes { ...entry } }`);
  }
  for (let i = 0; i < reads; i++) {
    vars.push(`$f${i}: String!`);
    blobs.push(`f${i}: object(expression: $f${i}) { ... on Blob { text byteSize isBinary isTruncated } }`);
  }
  return `query(${vars.join(', ')}) {
  repository(owner: $owner, name: $name) {
    at: object(expression: $rev) { ... on Commit { ${histories.join(' ')} } }
    ${blobs.join('\n    ')}
  }
}
fragment entry on Commit {
  oid message committedDate
  status { contexts { context state description targetUrl createdAt } }
}`;
}

export function historiesVariables(owner: string, name: string, ref: string, req: HistoriesRequest): Record<string, string | number> {
  const v: Record<string, string | number> = { owner, name, rev: ref, limit: req.limit };
  req.paths.forEach((p, i) => (v[`p${i}`] = p));
  (req.read ?? []).forEach((p, i) => (v[`f${i}`] = `${ref}:${p}`));
  return v;
}

interface StatusContextNode {
  context: string;
  state: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
}

interface CommitNode {
  oid: string;
  message: string;
  committedDate: string;
  status: { contexts: StatusContextNode[] } | null;
}

interface BlobNode {
  text?: string | null;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
}

export interface HistoriesAnswer {
  repository: ({ at: Record<string, { nodes: (CommitNode | null)[] | null } | undefined> | null } & Record<string, unknown>) | null;
}

/** GraphQL's StatusState (upper case, and EXPECTED for a required check not reported yet) → ours. */
function stateOf(s: string): Verification['state'] {
  return s === 'EXPECTED' ? 'pending' : fromGithubState(s.toLowerCase());
}

function entryOf(c: CommitNode): HistoryEntry {
  const verifications = (c.status?.contexts ?? []).map((s): Verification => ({
    context: s.context,
    state: stateOf(s.state),
    ...(s.description ? { description: s.description } : {}),
    ...(s.targetUrl ? { targetUrl: s.targetUrl } : {}),
    ...(s.createdAt ? { at: s.createdAt } : {}),
  }));
  return { sha: c.oid, message: c.message, ...(c.committedDate ? { date: c.committedDate } : {}), verifications };
}

/**
 * The histories by path, and the texts read (only those that are plainly a text file: a missing
 * path, a binary or truncated blob, or a one-line text that may be a symlink's target is left to
 * the REST read, which tells those apart). null when the answer names no such commit.
 */
export function parseHistories(
  data: HistoriesAnswer,
  req: HistoriesRequest,
  display: string,
): { histories: Map<string, HistoryEntry[]>; texts: Map<string, string> } | null {
  const at = data.repository?.at;
  if (!at) return null;
  const histories = new Map<string, HistoryEntry[]>();
  for (const [i, path] of req.paths.entries()) {
    const nodes = at[`h${i}`]?.nodes;
    if (!nodes) return null;
    histories.set(path, nodes.filter((n): n is CommitNode => !!n).map(entryOf));
  }
  const texts = new Map<string, string>();
  for (const [i, path] of (req.read ?? []).entries()) {
    const blob = data.repository?.[`f${i}`] as BlobNode | null | undefined;
    if (!blob || typeof blob.text !== 'string' || blob.isBinary || blob.isTruncated) continue;
    if (typeof blob.byteSize === 'number') checkFileSize(blob.byteSize, path, display);
    // A symlink's blob is its target, one short line; U+FFFD: bytes that were not UTF-8. REST tells.
    if ((!blob.text.includes('\n') && blob.text.length <= 4096) || blob.text.includes('\uFFFD')) continue;
    texts.set(path, decodeFile(Buffer.from(blob.text, 'utf8'), path, display));
  }
  return { histories, texts };
}
