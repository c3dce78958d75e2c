/**
 * history: one environment's timeline, newest first — each tag it ran, the commit (and the
 * pull/merge request, when the message names one) that set it and when, the verification
 * verdict, and the rollbacks: which entry was a rollback, and which tag a rollback moved away
 * from. Bounded by --depth commits of the file's history.
 */
import type { TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { silentReporter, type Reporter } from '../report.js';
import { VerificationCache, changeRequestOf, periods, verdictOf, type Verdict } from './env-timeline.js';
import { assertName, requireHead, resolveAt } from './plan.js';
import { shortDate, verdictWord } from './status-report.js';
import { blockedTags, type BlockedTag } from './verdicts.js';

export interface HistoryInput {
  repo: EnvRepo;
  app: string;
  env: string;
  /** --file, --key, --branch: win over gitops.yaml. */
  overrides?: TargetOverrides;
  /** Commits of the file's history read. */
  depth?: number;
  reporter?: Reporter;
}

export interface TimelineEntry {
  /** null: a YAML null or empty value. */
  tag: string | null;
  /** The environment runs it now (the newest entry). */
  current: boolean;
  /** The commit that set it. */
  commit: string;
  date?: string;
  url?: string;
  pullRequest?: number;
  /** promotion: our trailers; rollback: ours with Gitops-Rollback-Of; manual: no trailers of ours. */
  kind: 'promotion' | 'rollback' | 'manual';
  /** kind rollback: the tag it rolled away from. */
  rollbackOf?: string;
  /** A later rollback moved away from this tag (the next entry, when it is one). */
  rolledBackBy?: { commit: string; date?: string; url?: string };
  verdict: Verdict;
  /** The window ended inside this entry: it may have been set earlier. */
  beyondDepth?: boolean;
}

export interface HistoryResult {
  envRepo: string;
  app: string;
  env: string;
  file: string;
  key: string;
  branch: string;
  head: string;
  /** Commits of the file's history read. */
  searched: number;
  entries: TimelineEntry[];
  blocked: BlockedTag[];
}

export async function history(input: HistoryInput): Promise<HistoryResult> {
  const reporter = input.reporter ?? silentReporter;
  assertName(input.app, '--app');
  assertName(input.env, '--env');
  const depth = input.depth ?? 30;
  parseIntInRange(depth, '--depth', LIMITS.depth.min, LIMITS.depth.max);
  const { repo, app, env } = input;
  const overrides = input.overrides ?? {};
  let head = await requireHead(repo, overrides.branch ?? 'main');
  let { target } = await resolveAt(repo, head, app, env, overrides);
  // gitops.yaml may say the environment tracks another branch.
  if (target.branch !== (overrides.branch ?? 'main')) {
    head = await requireHead(repo, target.branch);
    ({ target } = await resolveAt(repo, head, app, env, overrides));
  }
  const commits = await repo.history(target.file, head, depth);
  const cache = new VerificationCache(repo);
  const stretches = await periods(repo, { app, env, file: target.file, key: target.key }, commits, depth);
  const entries: TimelineEntry[] = [];
  for (const [i, p] of stretches.entries()) {
    const c = p.setBy;
    const url = repo.commitUrl?.(c.sha);
    const pr = changeRequestOf(c.message);
    const newer = stretches[i - 1]?.setBy;
    const rolledBack = newer?.rolledBackFrom !== undefined && newer.rolledBackFrom === p.tag;
    const newerUrl = newer ? repo.commitUrl?.(newer.sha) : undefined;
    entries.push({
      tag: p.tag,
      current: i === 0,
      commit: c.sha,
      ...(c.date ? { date: c.date } : {}),
      ...(url ? { url } : {}),
      ...(pr !== undefined ? { pullRequest: pr } : {}),
      kind: c.rolledBackFrom ? 'rollback' : c.byTrailer ? 'promotion' : 'manual',
      ...(c.rolledBackFrom ? { rollbackOf: c.rolledBackFrom } : {}),
      ...(rolledBack ? { rolledBackBy: { commit: newer.sha, ...(newer.date ? { date: newer.date } : {}), ...(newerUrl ? { url: newerUrl } : {}) } } : {}),
      verdict: await verdictOf(cache, app, env, p.commits),
      ...(p.beyondDepth ? { beyondDepth: true } : {}),
    });
  }
  const blocked = await blockedTags(cache.repoView, target, head, { history: commits });
  if (entries.at(-1)?.beyondDepth) reporter.info(`read the last ${commits.length} commits of ${target.file}; pass a larger --depth to see further back`);
  return { envRepo: repo.display, app, env, file: target.file, key: target.key, branch: target.branch, head, searched: commits.length, entries, blocked };
}

const short = (sha: string) => sha.slice(0, 7);
const tagText = (tag: string | null) => (tag === null ? '(null)' : tag);

export function historyTable(r: HistoryResult): string {
  const rows = [['SET', 'TAG', 'BY', 'KIND', 'VERDICT', 'ROLLBACK']];
  for (const e of r.entries) {
    const by = `${short(e.commit)}${e.pullRequest !== undefined ? ` (#${e.pullRequest})` : ''}`;
    const verdict = `${verdictWord(e.verdict)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
    const rollback =
      [e.rollbackOf ? `rolled back from ${e.rollbackOf}` : '', e.rolledBackBy ? `rolled back by ${short(e.rolledBackBy.commit)}` : '']
        .filter(Boolean)
        .join('; ') || '-';
    rows.push([`${e.beyondDepth ? '≤ ' : ''}${shortDate(e.date)}`, `${tagText(e.tag)}${e.current ? ' *' : ''}`, by, e.kind, verdict, rollback]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows
    .map((row) =>
      row
        .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return `${r.env}(${r.app}) ${r.file} ${r.key} — ${r.entries.length} tags in the last ${r.searched} commits (* = running now)\n${table}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const link = (text: string, url: string | undefined) => (url ? `[${text}](${url})` : text);

export function historyMarkdown(r: HistoryResult): string {
  const rows = r.entries.map((e) => {
    const tag = e.tag === null ? '*null*' : `\`${cell(e.tag)}\``;
    const by = `${link(`\`${short(e.commit)}\``, e.url)}${e.pullRequest !== undefined ? ` (#${e.pullRequest})` : ''}`;
    const verdict = `${verdictWord(e.verdict)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
    const rollback =
      [e.rollbackOf ? `rollback of \`${cell(e.rollbackOf)}\`` : '', e.rolledBackBy ? `rolled back by \`${short(e.rolledBackBy.commit)}\`` : '']
        .filter(Boolean)
        .join('<br>') || '—';
    return `| ${e.beyondDepth ? '≤ ' : ''}${shortDate(e.date)} | ${tag}${e.current ? ' (now)' : ''} | ${by} | ${e.kind} | ${verdict} | ${rollback} |`;
  });
  return [`### ${cell(r.env)}(${cell(r.app)}): history`, '', '| set | tag | by | kind | verdict | rollback |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function historyOutputs(r: HistoryResult): Record<string, string> {
  return { json: JSON.stringify(r), markdown: historyMarkdown(r), current: r.entries[0]?.tag ?? '' };
}
