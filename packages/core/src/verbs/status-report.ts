/**
 * status for people: a plain-text table for the terminal, and Markdown for job summaries and PR
 * bodies — a table plus a Mermaid diagram of each app's promotion chain (gitops.yaml `from:`)
 * with every environment's tag and verdict.
 */
import type { Verdict } from './env-timeline.js';
import type { EnvStatus, OpenRequest, StatusResult } from './status.js';
import type { BlockedTag } from './verdicts.js';

/** `2024-05-01T12:03:09Z` → `2024-05-01 12:03Z`; anything unparsable as given. */
export function shortDate(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : '');
const tagText = (tag: string | null) => (tag === null ? '(null)' : tag);

export function verdictWord(v: Verdict): string {
  return { success: 'verified', failure: 'FAILED', pending: 'pending', unverified: 'unverified' }[v.state];
}

const ICON: Record<Verdict['state'], string> = { success: '✅', failure: '❌', pending: '⏳', unverified: '➖' };

function blockedText(b: BlockedTag): string {
  return `${b.tag} (${b.reason === 'rolled-back' ? 'rolled back' : 'failed verification'} ${short(b.commit)}${b.date ? ` ${shortDate(b.date)}` : ''})`;
}

function requestText(r: OpenRequest): string {
  return `#${r.number} ${r.kind}${r.tag ? ` ${r.tag}` : ''}${r.draft ? ' (draft)' : ''}`;
}

/** Fixed-width columns; the last one runs free. */
function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function statusTable(r: StatusResult): string {
  const rows = [['APP', 'ENV', 'TAG', 'SINCE', 'COMMIT', 'VERDICT', 'OPEN', 'BLOCKED']];
  for (const e of r.environments) {
    if (e.error) {
      rows.push([e.app, e.env, '?', '', '', '', '', `error: ${e.error}`]);
      continue;
    }
    const since = e.since ? `${e.since.beyondDepth ? '≤ ' : ''}${shortDate(e.since.date)}` : '';
    const commit = e.since
      ? `${short(e.since.commit)}${e.since.pullRequest !== undefined ? ` (#${e.since.pullRequest})` : ''}${e.since.rollbackOf ? ` rollback of ${e.since.rollbackOf}` : ''}`
      : '';
    const verdict = `${verdictWord(e.verdict)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
    rows.push([
      e.app,
      e.env,
      tagText(e.tag),
      since,
      commit,
      verdict,
      e.openRequests.map(requestText).join(', ') || '-',
      e.blocked.map(blockedText).join(', ') || '-',
    ]);
  }
  return columns(rows);
}

/** Markdown table cell: no pipes, no newlines. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${cell(s)}\``;
const link = (text: string, url: string | undefined) => (url ? `[${text}](${url})` : text);

function markdownRow(e: EnvStatus): string {
  if (e.error) return `| ${e.app} | ${e.env} | — | — | — | — | ⚠️ ${cell(e.error)} |`;
  const since = e.since
    ? `${link(code(short(e.since.commit)), e.since.url)}${e.since.pullRequest !== undefined ? ` (#${e.since.pullRequest})` : ''}${e.since.date ? ` ${e.since.beyondDepth ? '≤ ' : ''}${shortDate(e.since.date)}` : ''}${e.since.rollbackOf ? `<br>rollback of ${code(e.since.rollbackOf)}` : ''}`
    : '—';
  const verdict = `${ICON[e.verdict.state]} ${link(verdictWord(e.verdict), e.verdict.url)}${e.verdict.at ? ` ${shortDate(e.verdict.at)}` : ''}`;
  const open = e.openRequests.map((r) => `${link(`#${r.number}`, r.url)} ${r.kind}${r.tag ? ` ${code(r.tag)}` : ''}`).join('<br>') || '—';
  const blocked =
    e.blocked.map((b) => `${code(b.tag)} ${b.reason === 'rolled-back' ? 'rolled back' : 'failed'} ${link(short(b.commit), b.url)}`).join('<br>') || '—';
  return `| ${e.app} | ${e.env} | ${e.tag === null ? '*null*' : code(e.tag)} | ${since} | ${verdict} | ${open} | ${blocked} |`;
}

/** A Mermaid label: quotes and angle brackets as entities, so a value cannot end the label. */
const label = (s: string) => s.replace(/[<>"#&]/g, (ch) => `#${ch.charCodeAt(0)};`);

/** One subgraph per app: each environment with its tag and verdict, an arrow for each `from:`. */
export function promotionChain(r: StatusResult): string {
  const lines = ['```mermaid', 'flowchart LR'];
  const id = new Map<string, string>();
  r.environments.forEach((e, i) => id.set(`${e.app}\0${e.env}`, `e${i}`));
  const apps = [...new Set(r.environments.map((e) => e.app))];
  apps.forEach((app, a) => {
    lines.push(`  subgraph a${a}["${label(app)}"]`);
    for (const e of r.environments.filter((x) => x.app === app)) {
      const what = e.error ? 'unreadable' : `${label(tagText(e.tag))}<br/>${ICON[e.verdict.state]} ${verdictWord(e.verdict)}`;
      lines.push(`    ${id.get(`${app}\0${e.env}`)}["${label(e.env)}<br/>${what}"]:::${e.error ? 'unverified' : e.verdict.state}`);
    }
    for (const e of r.environments.filter((x) => x.app === app && x.from)) {
      const from = id.get(`${app}\0${e.from}`);
      if (from) lines.push(`    ${from} --> ${id.get(`${app}\0${e.env}`)}`);
    }
    lines.push('  end');
  });
  lines.push(
    '  classDef success fill:#dafbe1,stroke:#1a7f37',
    '  classDef failure fill:#ffebe9,stroke:#cf222e',
    '  classDef pending fill:#fff8c5,stroke:#9a6700',
    '  classDef unverified fill:#f6f8fa,stroke:#8c959f',
    '```',
  );
  return lines.join('\n');
}

export function statusMarkdown(r: StatusResult): string {
  return [
    `### Environments of ${cell(r.envRepo)} (\`${cell(r.branch)}\` at \`${short(r.head)}\`)`,
    '',
    '| app | env | tag | since | verdict | open PR/MR | blocked tags |',
    '|---|---|---|---|---|---|---|',
    ...r.environments.map(markdownRow),
    '',
    promotionChain(r),
  ].join('\n');
}

/** The JSON result (DESIGN.md: camelCase keys). */
export function statusJson(r: StatusResult): object {
  return r;
}

export function statusOutputs(r: StatusResult): Record<string, string> {
  const failed = r.environments.filter((e) => e.verdict.state === 'failure').map((e) => `${e.app}/${e.env}`);
  return { json: JSON.stringify(r), markdown: statusMarkdown(r), failed: failed.join(',') };
}
