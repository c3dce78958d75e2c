/**
 * status and history through the bundled CLI, the status action and the status GitLab component,
 * against real repos: a plain git remote (records as git notes), the sandbox GitHub API and the
 * sandbox GitLab API (records as commit statuses). One env repo of 2 apps × 3 environments where
 * the obvious answer is wrong: payments/dev ran v1.1.0 (verified), then v1.2.0-bad (failed its
 * gate), was rolled back to v1.1.0, and then another key of the same file changed by hand (the
 * gate verified that later commit); payments/staging runs a verified v1.1.0; payments/prod an
 * unverified initial tag with (API modes) an open promotion PR; orders/dev an unverified v2.0.0;
 * orders/staging a v2.0.0 that failed verification and is still there.
 */
import { rm } from 'node:fs/promises';
import { createBareRepo, commitFiles, git, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { trailers } from '../packages/core/src/naming.js';
import { runAction, runCli } from './support/faces.js';
import { CLI_INPUT, dotenvReport, gitlabProject, runJob } from './support/gitlab.js';

const TOKEN = 'ghp_statusTOKEN_0123456789';
const FAST = { GITOPS_WRITE_INTERVAL_MS: '0' };
const APPS = ['payments', 'orders'] as const;
const ENVS = ['dev', 'staging', 'prod'] as const;

const GITOPS_YAML = `apps:
${APPS.map(
  (a) => `  ${a}:
    environments:
      dev:     { file: overlays/dev/${a}/values.yaml, mode: push }
      staging: { file: overlays/staging/${a}/values.yaml, mode: pull-request, from: dev }
      prod:    { file: overlays/prod/${a}/values.yaml, mode: pull-request, from: staging }`,
).join('\n')}
`;

const values = (tag: string, replicas = 1) => `# values\nimage:\n  repository: ghcr.io/acme/app\n  tag: "${tag}"\nreplicas: ${replicas}\n`;
const file = (app: string, env: string) => `overlays/${env}/${app}/values.yaml`;

type Kind = 'git' | 'github' | 'gitlab';
/** The parts of status/history JSON rows the assertions index by. */
type Row = { app: string; env: string; tag: string | null; kind: string; commit: string; verdict: { state: string }; openRequests: unknown[] };

interface Scenario {
  name: string;
  bare: string;
  sha: Record<string, string>;
}

describe('status and history', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** A verification record as each mode keeps it: a git note, or a commit status through the forge's REST API. */
  async function record(kind: Kind, s: Scenario, sha: string, app: string, env: string, state: 'success' | 'failure'): Promise<void> {
    const context = `gitops/${app}/${env}`;
    if (kind === 'git') {
      const note = JSON.stringify({ context, state, at: new Date().toISOString() });
      await git(s.bare, ['notes', '--ref', 'gitops', 'append', '-m', note, sha]);
      return;
    }
    const github = kind === 'github';
    const url = github ? `${forge.url}/api/v3/repos/${s.name}/statuses/${sha}` : `${forge.url}/api/v4/projects/${encodeURIComponent(s.name)}/statuses/${sha}`;
    const body = github ? { state, context } : { state: state === 'failure' ? 'failed' : 'success', name: context };
    const headers = { 'content-type': 'application/json', ...(github ? { authorization: `token ${TOKEN}` } : { 'private-token': TOKEN }) };
    const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(r.status).toBe(201);
  }

  /** Commits as promote and rollback write them: the subject and our trailers. */
  const promoteCommit = (bare: string, app: string, env: string, from: string, tag: string, replicas = 1) =>
    commitFiles(bare, 'main', { [file(app, env)]: values(tag, replicas) }, `${env}(${app}): ${tag}\n\n${trailers({ app, env, tag, from })}\n`);
  const rollbackCommit = (bare: string, app: string, env: string, from: string, tag: string) =>
    commitFiles(bare, 'main', { [file(app, env)]: values(tag) }, `rollback(${env} ${app}) to ${tag}\n\n${trailers({ app, env, tag, from }, 'rollback')}\n`);

  async function scenario(kind: Kind): Promise<Scenario> {
    const name = `acme/status${++n}`;
    const files: Record<string, string> = { 'gitops.yaml': GITOPS_YAML };
    for (const a of APPS) for (const e of ENVS) files[file(a, e)] = values('v1.0.0');
    const bare = await createBareRepo(root, name, files);
    const s: Scenario = { name, bare, sha: { initial: (await git(bare, ['rev-parse', 'main'])).trim() } };
    s.sha.good = await promoteCommit(bare, 'payments', 'dev', 'v1.0.0', 'v1.1.0');
    await record(kind, s, s.sha.good, 'payments', 'dev', 'success');
    s.sha.staging = await promoteCommit(bare, 'payments', 'staging', 'v1.0.0', 'v1.1.0');
    await record(kind, s, s.sha.staging, 'payments', 'staging', 'success');
    s.sha.bad = await promoteCommit(bare, 'payments', 'dev', 'v1.1.0', 'v1.2.0-bad');
    await record(kind, s, s.sha.bad, 'payments', 'dev', 'failure');
    s.sha.rollback = await rollbackCommit(bare, 'payments', 'dev', 'v1.2.0-bad', 'v1.1.0');
    // An unrelated commit in between (another app), then another key of the same file by hand.
    s.sha.orders = await promoteCommit(bare, 'orders', 'dev', 'v1.0.0', 'v2.0.0');
    s.sha.replicas = await commitFiles(bare, 'main', { [file('payments', 'dev')]: values('v1.1.0', 3) }, 'scale payments dev to 3');
    await record(kind, s, s.sha.replicas, 'payments', 'dev', 'success');
    s.sha.ordersStaging = await promoteCommit(bare, 'orders', 'staging', 'v1.0.0', 'v2.0.0');
    await record(kind, s, s.sha.ordersStaging, 'orders', 'staging', 'failure');
    return s;
  }

  const faceArgs = (kind: Kind, s: Scenario) =>
    kind === 'git'
      ? { args: ['--env-repo', s.bare], env: {} }
      : kind === 'github'
        ? { args: ['--env-repo', s.name, '--forge', 'github', '--api-url', `${forge.url}/api/v3`], env: { GITHUB_TOKEN: TOKEN, ...FAST } }
        : { args: ['--env-repo', s.name, '--forge', 'gitlab', '--api-url', `${forge.url}/api/v4`], env: { GITLAB_TOKEN: TOKEN, ...FAST } };

  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

  it.each(['git', 'github', 'gitlab'] as const)(
    '%s: status --json, the Markdown table + Mermaid chain, and history',
    async (kind) => {
      const s = await scenario(kind);
      const f = faceArgs(kind, s);
      let pr: number | undefined;
      if (kind !== 'git') {
        const opened = await runCli(['promote', ...f.args, '--app', 'payments', '--env', 'prod', '--tag', 'v1.1.0', '--json'], f.env);
        expect({ code: opened.code, err: opened.code ? opened.stderr : '' }).toEqual({ code: 0, err: '' });
        pr = opened.json.pullRequest.number;
      }

      const r = await runCli(['status', ...f.args, '--json'], f.env);
      expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
      const head = (await git(s.bare, ['rev-parse', 'main'])).trim();
      expect(r.json).toMatchObject({ branch: 'main', head });
      const row = (app: string, env: string) => r.json.environments.find((e: Row) => e.app === app && e.env === env);
      expect(r.json.environments.map((e: Row) => `${e.app}/${e.env}`)).toEqual(APPS.flatMap((a) => ENVS.map((e) => `${a}/${e}`)));

      // Rolled back to v1.1.0: since the rollback commit (not the older promotion of the same tag,
      // not the later hand edit of replicas); verified by the record on that later commit.
      expect(row('payments', 'dev')).toMatchObject({
        tag: 'v1.1.0',
        since: { commit: s.sha.rollback, rollbackOf: 'v1.2.0-bad', date: expect.stringMatching(ISO) },
        verdict: { state: 'success', commit: s.sha.replicas, at: expect.stringMatching(ISO) },
        blocked: [{ tag: 'v1.2.0-bad', reason: 'rolled-back', commit: s.sha.rollback }],
        openRequests: [],
      });
      expect(row('payments', 'staging')).toMatchObject({
        tag: 'v1.1.0',
        since: { commit: s.sha.staging },
        verdict: { state: 'success', commit: s.sha.staging },
        blocked: [],
        from: 'dev',
      });
      expect(row('payments', 'prod')).toMatchObject({ tag: 'v1.0.0', since: { commit: s.sha.initial }, verdict: { state: 'unverified' }, from: 'staging' });
      expect(row('payments', 'prod').openRequests).toEqual(kind === 'git' ? [] : [expect.objectContaining({ kind: 'promotion', number: pr, tag: 'v1.1.0' })]);
      expect(row('orders', 'dev')).toMatchObject({ tag: 'v2.0.0', since: { commit: s.sha.orders }, verdict: { state: 'unverified' }, blocked: [] });
      expect(row('orders', 'staging')).toMatchObject({
        tag: 'v2.0.0',
        verdict: { state: 'failure', commit: s.sha.ordersStaging },
        blocked: [{ tag: 'v2.0.0', reason: 'failed-verification', commit: s.sha.ordersStaging }],
      });

      const md = await runCli(['status', ...f.args, '--app', 'payments', '--format', 'markdown'], f.env);
      expect(md.code).toBe(0);
      expect(md.stdout).toContain('| app | env | tag | since | verdict | open PR/MR | blocked tags |');
      expect(md.stdout).toMatch(/^\| payments \| dev \| `v1\.1\.0` \| .*rollback of `v1\.2\.0-bad` \| ✅ verified .*\| `v1\.2\.0-bad` rolled back /m);
      expect(md.stdout).not.toContain('| orders |');
      const mermaid = /```mermaid\n([\s\S]*?)```/.exec(md.stdout)?.[1] ?? '';
      expect(mermaid).toContain('flowchart LR');
      expect(mermaid).toContain('e0["dev<br/>v1.1.0<br/>✅ verified"]:::success');
      expect(mermaid).toContain('e2["prod<br/>v1.0.0<br/>➖ unverified"]:::unverified');
      expect(mermaid).toMatch(/e0 --> e1\n\s+e1 --> e2/);

      const h = await runCli(['history', ...f.args, '--app', 'payments', '--env', 'dev', '--json'], f.env);
      expect({ code: h.code, err: h.code ? h.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(h.json.entries.map((e: Row) => [e.tag, e.kind, e.commit, e.verdict.state])).toEqual([
        ['v1.1.0', 'rollback', s.sha.rollback, 'success'],
        ['v1.2.0-bad', 'promotion', s.sha.bad, 'failure'],
        ['v1.1.0', 'promotion', s.sha.good, 'success'],
        ['v1.0.0', 'manual', s.sha.initial, 'unverified'],
      ]);
      expect(h.json.entries[0]).toMatchObject({ current: true, rollbackOf: 'v1.2.0-bad' });
      expect(h.json.entries[1]).toMatchObject({ current: false, rolledBackBy: { commit: s.sha.rollback } });
      expect(h.json.blocked).toEqual([expect.objectContaining({ tag: 'v1.2.0-bad', reason: 'rolled-back' })]);

      // --depth bounds the walk: two commits reach only into the current stretch.
      const shallow = await runCli(['history', ...f.args, '--app', 'payments', '--env', 'dev', '--depth', '2', '--json'], f.env);
      expect(shallow.json).toMatchObject({ searched: 2, entries: [{ tag: 'v1.1.0', commit: s.sha.rollback }] });
      expect(shallow.json.entries).toHaveLength(1);
    },
    120_000,
  );

  it('bad input is exit 2 naming the input', async () => {
    const s = await scenario('git');
    const r = await runCli(['status', '--env-repo', s.bare, '--app', 'billing', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --app billing is not in gitops\.yaml \(apps: payments, orders\)/m);
    const h = await runCli(['history', '--env-repo', s.bare, '--app', 'payments', '--env', 'qa']);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/^error: .*qa/m);
  }, 60_000);

  it('actions/status (bundled): JSON and Markdown outputs, the job summary', async () => {
    const s = await scenario('github');
    const r = await runAction('status', { 'env-repo': s.name, token: TOKEN }, { ...FAST, GITHUB_API_URL: `${forge.url}/api/v3` });
    expect({ code: r.code, out: r.code ? r.stdout : '' }).toEqual({ code: 0, out: '' });
    expect(r.outputs.failed).toBe('orders/staging');
    const json = JSON.parse(r.outputs.json);
    expect(json.environments).toHaveLength(6);
    expect(json.environments[0]).toMatchObject({ app: 'payments', env: 'dev', tag: 'v1.1.0', verdict: { state: 'success' } });
    expect(r.summary).toContain('| orders | staging | `v2.0.0` |');
    expect(r.summary).toContain('❌ FAILED');
    expect(r.summary).toMatch(/```mermaid\nflowchart LR\n {2}subgraph a0\["payments"\]/);
    expect(r.outputs.markdown).toBe(r.summary.trim());
  }, 60_000);

  it('templates/status.yml under gitlab-ci-local: the summary in the job log, failed in the dotenv', async () => {
    const s = await scenario('git');
    const dir = await gitlabProject(`include:
  - local: templates/status.yml
    inputs:
      env-repo: ${s.bare}
      forge: git
      cli: ${CLI_INPUT}
`);
    // gitlab-ci-local says GITLAB_CI=false of itself; GitLab's runner says true, which turns the summary into a section.
    const r = await runJob(dir, 'status', { GITLAB_CI: 'true' });
    expect({ code: r.code, out: r.code ? r.stdout + r.stderr : '' }).toEqual({ code: 0, out: '' });
    expect(r.stdout).toMatch(/payments +dev +v1\.1\.0 /);
    // gitlab-ci-local renders GitLab's collapsible-section markers as `<job> <name>_started` … `<job> <name> took …`.
    const section = /^status (gitops_\d+)_started\n([\s\S]*?)^status \1 took /m.exec(r.stderr);
    expect(section?.[2]).toContain('| payments | dev | `v1.1.0` |');
    expect(section?.[2]).toContain('e4["staging<br/>v2.0.0<br/>❌ FAILED"]:::failure');
    expect(await dotenvReport(dir, 'status', 'gitops-status.env')).toBe('GITOPS_OUT_FAILED=orders/staging\n');
    await rm(dir, { recursive: true, force: true });
  }, 120_000);
});
