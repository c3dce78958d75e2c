/**
 * Release notes from Conventional Commits: the commits since the previous production tag,
 * grouped as breaking changes, features, fixes and the rest, one line each with its short SHA.
 * Read from the app repository's checkout (git, argument arrays), or given by the caller.
 */
import semver from 'semver';
import { runGit } from '../envrepo/git-process.js';
import { type Reporter, silentReporter } from '../report.js';
import { bumpOf } from './conventional.js';
import { Checkout } from './history.js';
import { tagVersion } from './tag.js';

export interface NoteCommit {
  sha: string;
  message: string;
}

export interface NoteGroups {
  breaking: string[];
  features: string[];
  fixes: string[];
  other: string[];
}

/** Commits listed at most; a bigger range says how many more there were. */
export const MAX_NOTE_COMMITS = 500;
/** GitHub refuses release bodies over 125 000 characters; stay well below. */
export const MAX_NOTES_CHARS = 100_000;

const HEADER = /^(?<type>[A-Za-z]+)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:[ \t]+(?<subject>.+)$/;

/** One commit as a notes line: `**scope:** subject (abc1234)`; non-conventional subjects as they are. */
function line(c: NoteCommit): { group: keyof NoteGroups; text: string } {
  const first = c.message.trimStart().split('\n')[0].trim();
  const h = HEADER.exec(first)?.groups;
  const subject = h ? h.subject.trim() : first;
  const scope = h?.scope ? `**${h.scope}:** ` : '';
  const text = `${scope}${subject} (${c.sha.slice(0, 7)})`;
  if (bumpOf(c.message) === 'major') return { group: 'breaking', text };
  const type = h?.type?.toLowerCase();
  return { group: type === 'feat' ? 'features' : type === 'fix' ? 'fixes' : 'other', text };
}

export function groupCommits(commits: readonly NoteCommit[]): NoteGroups {
  const groups: NoteGroups = { breaking: [], features: [], fixes: [], other: [] };
  for (const c of commits) {
    // Merge commits repeat what they merge.
    if (/^Merge (branch|pull request|remote-tracking branch) /.test(c.message)) continue;
    const { group, text } = line(c);
    groups[group].push(text);
  }
  return groups;
}

const TITLES: Record<keyof NoteGroups, string> = { breaking: 'Breaking changes', features: 'Features', fixes: 'Fixes', other: 'Other changes' };

export function renderNotes(opts: { intro: string; groups: NoteGroups; omitted?: number }): string {
  const parts = [opts.intro];
  for (const k of Object.keys(TITLES) as (keyof NoteGroups)[]) {
    if (opts.groups[k].length) parts.push(`### ${TITLES[k]}\n\n${opts.groups[k].map((t) => `- ${t}`).join('\n')}`);
  }
  if (opts.omitted) parts.push(`…and ${opts.omitted} earlier commit${opts.omitted === 1 ? '' : 's'}.`);
  const text = `${parts.join('\n\n')}\n`;
  return text.length > MAX_NOTES_CHARS ? `${text.slice(0, MAX_NOTES_CHARS)}\n\n…(cut)\n` : text;
}

export interface CommitRange {
  /** The tag the range starts after, or null (all history). */
  since: string | null;
  commits: NoteCommit[];
  /** Commits in the range beyond MAX_NOTE_COMMITS. */
  omitted: number;
}

/**
 * Commits reachable from `sha` since `previous` (the previous production tag). When that tag is
 * not in the checkout, the newest stable semver tag below `version` that is an ancestor of `sha`.
 */
export async function commitsSince(
  dir: string,
  sha: string,
  previous: string | null,
  version: string,
  reporter: Reporter = silentReporter,
): Promise<CommitRange> {
  const checkout = new Checkout(dir, reporter);
  const git = (args: string[]) => runGit(['-C', dir, ...args], { timeoutMs: 30_000 });
  const tags = await checkout.tags();
  const ancestor = async (t: string) => {
    try {
      await git(['merge-base', '--is-ancestor', `refs/tags/${t}`, sha]);
      return true;
    } catch {
      return false;
    }
  };
  let since: string | null = null;
  if (previous && tags.includes(previous) && (await ancestor(previous))) since = previous;
  else {
    const target = tagVersion(version);
    const stable = tags
      .map((t) => ({ t, v: tagVersion(t) }))
      .filter((x): x is { t: string; v: semver.SemVer } => !!x.v && x.v.prerelease.length === 0 && (!target || semver.lt(x.v, target)))
      .sort((a, b) => semver.rcompare(a.v, b.v));
    for (const { t } of stable) {
      if (await ancestor(t)) {
        since = t;
        break;
      }
    }
    if (previous && since !== previous) reporter.info(`${previous} is not a tag of ${dir}; notes start after ${since ?? 'the first commit'}`);
  }
  const range = since ? [`refs/tags/${since}..${sha}`] : [sha];
  const total = Number((await git(['rev-list', '--count', ...range])).trim());
  const out = await git(['log', `--max-count=${MAX_NOTE_COMMITS}`, '--format=%H%x1f%B%x1e', ...range]);
  const commits = out
    .split('\x1e')
    .map((rec) => rec.trim())
    .filter(Boolean)
    .map((rec) => {
      const [s, message = ''] = rec.split('\x1f');
      return { sha: s.trim(), message: message.trim() };
    });
  return { since, commits, omitted: Math.max(0, total - commits.length) };
}
