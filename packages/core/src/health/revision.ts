/** Revision comparison shared by the gates. */
import semver from 'semver';

/**
 * Short form for log lines: the first 7 characters of a SHA, other revisions unchanged. Helm
 * chart versions stay whole (`0.1.0+<sha12>` is the chart that was released, not a commit).
 */
export function shortRevision(rev: string | undefined): string {
  if (!rev) return '-';
  if (semver.valid(rev) && rev.length <= 100) return rev;
  const sha = shaOf(rev);
  if (sha) return sha.slice(0, 7);
  return rev.length > 20 ? `${rev.slice(0, 20)}…` : rev;
}

/** The hex SHA inside `main@sha1:<sha>`, `sha1:<sha>`, `0.1.0+<sha>` or a bare SHA. */
export function shaOf(rev: string): string | undefined {
  const m = /(?:^|[:@+])([0-9a-f]{7,64})$/i.exec(rev.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * True when `reported` names the expected commit. Full SHAs compare exactly; an abbreviated
 * SHA (7+ characters) on either side compares as a prefix. Flux forms (`main@sha1:<sha>`) and
 * Helm chart versions carrying the revision (`0.1.0+<sha12>`) are understood.
 */
export function sameRevision(reported: string | undefined, expected: string): boolean {
  if (!reported) return false;
  const a = shaOf(reported);
  const b = shaOf(expected);
  if (a && b) {
    if (a.length >= 40 && b.length >= 40) return a === b;
    return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
  }
  return reported.trim() === expected.trim();
}

/** Elapsed milliseconds as `12.3s`. */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
