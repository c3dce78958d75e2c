/**
 * The deep part of GitEnvRepo.history(): below the commits the clone has with their trees.
 *
 * A file's 30 newest commits on a long history where it rarely changes mean walking to the root,
 * and knowing which of thousands of commits touched the file needs each one's trees along the
 * path (fetched by id: slow). What the history's readers decide on beyond the recent window are
 * our own commits — those with our trailers (the blocked-tag check: "a commit made by hand
 * neither blocks nor clears"). So the deep history is read from commits only: they come without
 * any tree (`--filter=tree:0`, ~175 bytes each: 20,000 in one round trip) into a second bare
 * repo next to the clone, so the clone's own shallow boundary (and the exact, path-limited log
 * over the window) stays where it is. Of those commits, only the ones with our trailers are
 * candidates, and only their trees along the path (and their parents') are fetched, to keep
 * those that did change the file.
 */
import { EARLIER_TAGS, ROLLBACK_OF, parseTrailers } from '../naming.js';

/** The trailers our commits carry (naming.ts): a commit with none of them is a hand edit. */
const OUR_TRAILERS = ['Gitops-App', 'Gitops-Env', 'Gitops-To', ROLLBACK_OF];
/** `git log -E --grep`: a line that starts like one of our trailers (hasOurTrailers decides). */
export const OUR_TRAILERS_GREP = `^(${OUR_TRAILERS.join('|')}):`;

/**
 * The first commits-only deepening goes at least this deep (about 4 MB of commits: most env repos
 * whole, in one round trip), later ones four times deeper. A deepening round trip costs more than
 * the commits it could have spared (it is negotiated, and the log runs again).
 */
export const DEEP_FIRST_DEPTH = 25_000;
/**
 * Looking for a ledger (history's `until`, where the window shows we write ledgers here), the
 * first round goes only this deep (~0.4 MB): the file's newest commit of ours is usually near.
 * Without one there, the walk goes on as above.
 */
export const DEEP_LEDGER_DEPTH = 2_500;
/** `git rev-list -E --grep`: a commit with a ledger (verdicts.ts). */
export const LEDGER_GREP = `^${EARLIER_TAGS}:`;

/** `git log -z` format of the deep history: what a candidate needs, and its parents' trees. */
export const DEEP_LOG_FORMAT = '%H%x1f%P%x1f%T%x1f%cI%x1f%B';

export interface LoggedCommit {
  sha: string;
  parents: string[];
  tree: string;
  date: string;
  message: string;
}

/** One tip's deep history: its commits-only repo and what was read from it. */
export interface DeepHistory {
  dir: string;
  /** Depth fetched so far (0: nothing yet). */
  depth: number;
  /** The repo's shallow boundary: empty once the walk reached the root. */
  boundary: Set<string>;
  /** Commits with our trailers, in log order (newest first), and by id. */
  order: string[];
  ours: Map<string, LoggedCommit>;
  /** Root tree of a commit (ours and their parents). */
  trees: Map<string, string>;
  /** Commit + path → whether that commit of ours changed the path (verified on its trees). */
  touched: Map<string, boolean>;
}

/** Records of `git log -z --format=DEEP_LOG_FORMAT`, in log order. */
export function parseDeepLog(out: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const rec of out.split('\0')) {
    const f = rec.split('\x1f');
    if (f.length < 5) continue;
    const sha = f[0].trim();
    commits.push({
      sha,
      parents: f[1].split(' ').filter(Boolean),
      tree: f[2],
      date: f[3],
      message: f.slice(4).join('\x1f').replace(/\n+$/, ''),
    });
  }
  return commits;
}

/** Whether a commit message carries any of our trailers (parseTrailers: its last paragraph). */
export function hasOurTrailers(message: string): boolean {
  const t = parseTrailers(message);
  return OUR_TRAILERS.some((k) => t.has(k));
}

/**
 * Whether a commit changed the path, as `git log -- path` decides it: a root commit when the path
 * exists, any other when it differs from every parent (a merge that kept one side's file did not).
 */
export function touched(own: string | null, parents: Array<string | null>): boolean {
  if (parents.length === 0) return own !== null;
  return parents.every((p) => p !== own);
}

/**
 * Two lists in git log's order (newest first) as one: the newer head first, `a`'s on a tie (the
 * window's entries before the deep walk's, a valid order: these are their ancestors).
 */
export function mergeByDate<T extends { date?: string }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && !(Date.parse(b[j].date ?? '') > Date.parse(a[i].date ?? '')))) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
