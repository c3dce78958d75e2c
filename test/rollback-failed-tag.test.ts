/**
 * Issue 9, items 1–4, through the bundled CLI against real repos (a plain git remote, the
 * GitHub REST API and the GitLab REST API of the sandbox forge), on histories where the obvious
 * answer is wrong: a re-run rollback (--failed-tag) changes nothing; a tag that failed or was
 * rolled back cannot be promoted again without --force (also through `from`); YAML null values
 * are no tags; rollback --to a tag that never ran here is refused without --force. Every refusal
 * is checked against the remote's refs (and open requests): nothing was written.
 */
import { rm } from 'node:fs/promises';
import { openGitHubRepo, openGitLabRepo } from '@gitops-actions/core';
import {
  allRefs,
  commitFiles,
  createBareRepo,
  git,
  showFile,
  startArgoCdSimulator,
  startForge,
  tempDir,
  type ArgoCdSimulator,
  type ForgeServer,
} from '@gitops-actions/sandbox';
import { createEnvRepo, envRepoFiles, valuesYaml } from './support/env-repo.js';
import { runAction, runCli } from './support/faces.js';

const DEV = 'overlays/dev/payments/values.yaml';
const STAGING = 'overlays/staging/payments/values.yaml';
const TOKEN = 'ghp_failedTagTOKEN_0123456789';
type Kind = 'git' | 'github' | 'gitlab';
const KINDS: Kind[] = ['git', 'github', 'gitlab'];

describe('rollback --failed-tag, blocked tags, null values, the --to guard', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir();
    forge = await startForge({ root, tokens: [TOKEN] });
  });
  const sims: ArgoCdSimulator[] = [];
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  function face(kind: Kind, name: string, bare: string) {
    if (kind === 'git') return { args: ['--env-repo', bare], env: {} };
    const api = `${forge.url}/api/${kind === 'github' ? 'v3' : 'v4'}`;
    const token = kind === 'github' ? { GITHUB_TOKEN: TOKEN } : { GITLAB_TOKEN: TOKEN };
    return { args: ['--env-repo', name, '--forge', kind, '--api-url', api], env: { ...token, GITOPS_WRITE_INTERVAL_MS: '0' } };
  }

  /** A verification record as the gate writes it: git note, GitHub or GitLab commit status. */
  async function record(kind: Kind, name: string, bare: string, sha: string, state: 'success' | 'failure', env = 'dev') {
    const v = { context: `gitops/payments/${env}`, state, description: `${state === 'success' ? 'healthy' : 'failed'}: test` } as const;
    if (kind === 'git') {
      await git(bare, ['notes', '--ref', 'gitops', 'add', '-f', '-m', JSON.stringify({ ...v, at: new Date().toISOString() }), sha]);
    } else if (kind === 'github') {
      await openGitHubRepo({ repo: name, token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 }).recordVerification(sha, v);
    } else {
      await openGitLabRepo({ project: name, token: TOKEN, apiUrl: `${forge.url}/api/v4` }).recordVerification(sha, v);
    }
  }

  async function setup(kind: Kind, files = envRepoFiles()) {
    const name = `acme/ft${++n}`;
    const bare = await createBareRepo(root, name, files);
    const f = face(kind, name, bare);
    const cli = (...args: string[]) => runCli([...args, ...f.args, '--app', 'payments', '--json'], f.env);
    const promote = async (tag: string, ...more: string[]) => {
      const r = await cli('promote', '--env', 'dev', '--tag', tag, ...more);
      expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
      return r.json.commit as string;
    };
    return { name, bare, cli, promote, record: (sha: string, state: 'success' | 'failure', env?: string) => record(kind, name, bare, sha, state, env) };
  }

  it.each(KINDS)(
    '%s: a re-run rollback --failed-tag changes nothing; the rolled-back tag is refused until --force',
    async (kind) => {
      const { bare, cli, promote, record } = await setup(kind);
      await record(await promote('v1.2.3'), 'success');
      await commitFiles(bare, 'main', { 'README.md': '# env repo\nunrelated\n' }, 'docs: unrelated');
      await promote('v1.2.4');
      // Another key of the same file changes after the bad promotion: reverting a commit would lose it.
      await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.2.4').replace('replicaCount: 2', 'replicaCount: 3') }, 'dev: 3 replicas');

      const first = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.2.4');
      expect({ code: first.code, err: first.code ? first.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(first.json).toMatchObject({ changed: true, from: 'v1.2.4', rolledBackTo: 'v1.2.3', source: 'verified' });
      const file = await showFile(bare, 'main', DEV);
      expect(file).toContain('tag: "v1.2.3"');
      expect(file).toContain('replicaCount: 3');
      const rollbackDate = (await git(bare, ['log', '-1', '--format=%cI', 'main'])).trim();

      const refs = await allRefs(bare);
      const again = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.2.4');
      expect({ code: again.code, err: again.code ? again.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(again.json).toMatchObject({ changed: false, operation: 'unchanged', commit: null, from: 'v1.2.3', source: 'not-running' });
      expect(again.stderr).toMatch(/runs v1\.2\.3, not the failed tag v1\.2\.4; nothing to roll back/);
      expect(await allRefs(bare)).toEqual(refs);

      const blocked = await cli('promote', '--env', 'dev', '--tag', 'v1.2.4');
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(
        `refusing to promote payments v1.2.4 to dev: dev(payments) was rolled back from v1.2.4 by ${first.json.commit.slice(0, 7)}`,
      );
      // The rollback commit's date, as the forge or git reports it (same instant).
      const said = /rolled back from v1\.2\.4 by [0-9a-f]{7} on (\S+)/.exec(blocked.stderr)?.[1];
      expect(Date.parse(said ?? '')).toBe(Date.parse(rollbackDate));
      expect(blocked.stderr).toMatch(/--force/);
      expect(blocked.json).toMatchObject({ error: expect.stringContaining('refusing to promote') });
      expect(await allRefs(bare)).toEqual(refs);

      const forced = await cli('promote', '--env', 'dev', '--tag', 'v1.2.4', '--force');
      expect({ code: forced.code, err: forced.code ? forced.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(forced.json).toMatchObject({ changed: true, previousTag: 'v1.2.3', tag: 'v1.2.4' });
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.4"');
    },
    120_000,
  );

  it.each(KINDS)(
    '%s: a failed verification blocks without any rollback; the bad tag promoted twice; rollback skips it',
    async (kind) => {
      const { bare, cli, promote, record } = await setup(kind);
      await record(await promote('v1.3.0'), 'success'); // passed the first time…
      await record(await promote('v1.3.1'), 'success');
      const twice = await promote('v1.3.0', '--allow-downgrade');
      await record(twice, 'failure'); // …failed the second time
      await commitFiles(bare, 'main', { 'apps/dev/payments.yaml': 'kind: Application\n# touched\n' }, 'unrelated');
      await promote('v1.3.2');

      const refs = await allRefs(bare);
      const blocked = await cli('promote', '--env', 'dev', '--tag', 'v1.3.0', '--allow-downgrade');
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toMatch(
        new RegExp(`v1\\.3\\.0 failed verification gitops/payments/dev at ${twice.slice(0, 7)} on \\d{4}-\\d\\d-\\d\\dT\\S+ \\(failed: test\\)`),
      );
      expect(await allRefs(bare)).toEqual(refs);

      // v1.3.2 fails too: the last verified tag is v1.3.1 — not v1.3.0, verified once but failed since.
      const rb = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.3.2', '--dry-run');
      expect({ code: rb.code, err: rb.code ? rb.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(rb.json).toMatchObject({ operation: 'dry-run', from: 'v1.3.2', rolledBackTo: 'v1.3.1', source: 'verified' });
      expect(await allRefs(bare)).toEqual(refs);
    },
    120_000,
  );

  it.each(KINDS)(
    '%s: a never-verified tag between two verified ones is passed over; --to a tag that never ran here needs --force',
    async (kind) => {
      const { bare, cli, promote, record } = await setup(kind);
      await record(await promote('v1.4.0'), 'success');
      await promote('v1.4.1'); // never verified
      await record(await promote('v1.4.2-rc.1'), 'failure');
      const rb = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.4.2-rc.1', '--dry-run');
      expect(rb.json).toMatchObject({ rolledBackTo: 'v1.4.0', source: 'verified' });

      const refs = await allRefs(bare);
      const typo = await cli('rollback', '--env', 'dev', '--to', 'v1.4.10');
      expect(typo.code).toBe(2);
      expect(typo.stderr).toMatch(
        /^error: --to v1\.4\.10 never ran in dev\(payments\): not in the last \d+ commits of overlays\/dev\/payments\/values\.yaml image\.tag/m,
      );
      expect(typo.stderr).toMatch(/--force/);
      expect(await allRefs(bare)).toEqual(refs);

      const ran = await cli('rollback', '--env', 'dev', '--to', 'v1.4.1', '--dry-run');
      expect({ code: ran.code, err: ran.code ? ran.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(ran.json).toMatchObject({ operation: 'dry-run', rolledBackTo: 'v1.4.1', source: 'explicit' });
      // The initial value was set by hand (no trailers): read from the file at that commit.
      const initial = await cli('rollback', '--env', 'dev', '--to', 'v1.2.2', '--dry-run');
      expect(initial.json).toMatchObject({ operation: 'dry-run', rolledBackTo: 'v1.2.2' });

      const forced = await cli('rollback', '--env', 'dev', '--to', 'v1.4.10', '--force');
      expect({ code: forced.code, err: forced.code ? forced.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(forced.json).toMatchObject({ changed: true, rolledBackTo: 'v1.4.10' });
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.4.10"');
    },
    120_000,
  );

  it.each(['github', 'gitlab'] as const)(
    '%s: the from precondition refuses a tag that failed in dev even after dev was set to it by hand',
    async (kind) => {
      const { name, bare, cli, promote, record } = await setup(kind);
      const bad = await promote('v1.5.0');
      await record(bad, 'failure');
      const rb = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.5.0');
      expect(rb.json).toMatchObject({ changed: true, rolledBackTo: 'v1.2.2' });
      await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.5.0') }, 'hand: dev back on v1.5.0');

      const refs = await allRefs(bare);
      const refused = await cli('promote', '--env', 'staging', '--tag', 'v1.5.0');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /refusing to promote payments v1\.5\.0 to staging \(the precondition: dev must run it and not have failed it\): dev\(payments\) was rolled back from v1\.5\.0/,
      );
      expect(await allRefs(bare)).toEqual(refs);
      expect(await openRequests(kind, name)).toEqual([]);

      const forced = await cli('promote', '--env', 'staging', '--tag', 'v1.5.0', '--force');
      expect({ code: forced.code, err: forced.code ? forced.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(forced.json).toMatchObject({ changed: true, operation: 'created' });
      expect(await openRequests(kind, name)).toHaveLength(1);
    },
    120_000,
  );

  it.each(['github', 'gitlab'] as const)(
    '%s: pull-request mode reuses the one rollback PR/MR; a re-run changes nothing',
    async (kind) => {
      const name = `acme/ft${++n}`;
      const bare = await createEnvRepo(root, name);
      const trailers = (tag: string) => `staging(payments): ${tag}\n\nGitops-App: payments\nGitops-Env: staging\nGitops-To: ${tag}\n`;
      const good = await commitFiles(bare, 'main', { [STAGING]: valuesYaml('v1.6.0') }, trailers('v1.6.0'));
      await record(kind, name, bare, good, 'success', 'staging');
      await commitFiles(bare, 'main', { [STAGING]: valuesYaml('v1.6.1') }, trailers('v1.6.1'));
      const f = face(kind, name, bare);
      const rollback = (...more: string[]) => runCli(['rollback', ...f.args, '--app', 'payments', '--env', 'staging', ...more, '--json'], f.env);

      const first = await rollback('--failed-tag', 'v1.6.1');
      expect({ code: first.code, err: first.code ? first.stderr : '' }).toEqual({ code: 0, err: '' });
      expect(first.json).toMatchObject({ changed: true, operation: 'created', rolledBackTo: 'v1.6.0', source: 'verified' });
      const number = first.json.pullRequest.number;

      const refs = await allRefs(bare);
      for (const more of [['--failed-tag', 'v1.6.1'], []]) {
        const again = await rollback(...more);
        expect({ code: again.code, err: again.code ? again.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(again.json).toMatchObject({ changed: false, operation: 'unchanged', pullRequest: { number } });
      }
      expect(await allRefs(bare)).toEqual(refs);
      expect(await openRequests(kind, name)).toEqual([number]);
    },
    120_000,
  );

  async function openRequests(kind: 'github' | 'gitlab', name: string): Promise<number[]> {
    const url =
      kind === 'github'
        ? `${forge.url}/api/v3/repos/${name}/pulls?state=open`
        : `${forge.url}/api/v4/projects/${encodeURIComponent(name)}/merge_requests?state=opened`;
    const headers = kind === 'github' ? { authorization: `token ${TOKEN}` } : { 'private-token': TOKEN };
    const list = (await (await fetch(url, { headers })).json()) as { number?: number; iid?: number }[];
    return list.map((x) => (kind === 'github' ? x.number! : x.iid!));
  }

  describe('null and empty values are no tags', () => {
    const spellings = { null: 'tag: null', tilde: 'tag: ~', empty: 'tag:', quotedEmpty: 'tag: ""' };
    it.each(Object.entries(spellings))(
      '%s (%s): previousTag is JSON null, rollback refuses clearly, nothing writes "null"',
      async (_label, line) => {
        const name = `acme/ft${++n}`;
        const original = valuesYaml('x').replace('tag: "x"', line);
        const bare = await createBareRepo(root, name, { ...envRepoFiles(), [DEV]: original });
        const cli = (...args: string[]) => runCli([...args, '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--json']);

        const p = await cli('promote', '--tag', 'v2.0.0');
        expect({ code: p.code, err: p.code ? p.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(p.json).toMatchObject({ changed: true, previousTag: null, tag: 'v2.0.0' });
        expect(await git(bare, ['log', '-1', '--format=%B', 'main'])).not.toMatch(/Gitops-From/);

        const refs = await allRefs(bare);
        const rb = await cli('rollback');
        expect(rb.code).toBe(1);
        expect(rb.stderr).toMatch(/no earlier tag of payments in dev .*was YAML null \(no tag\), which rollback does not write/);
        expect(await allRefs(bare)).toEqual(refs);

        for (const args of [
          ['promote', '--tag', 'null'],
          ['rollback', '--to', 'null'],
          ['rollback', '--failed-tag', 'NULL'],
        ]) {
          const r = await cli(...args);
          expect({ args, code: r.code }).toEqual({ args, code: 2 });
          expect(r.stderr).toMatch(/is YAML's null, not an image tag/);
        }
        expect(await allRefs(bare)).toEqual(refs);
        expect(await showFile(bare, 'main', DEV)).not.toMatch(/"null"|'null'/);
      },
      60_000,
    );
  });

  it('end to end: the gate fails, rolls back to the verified tag, records the verdict on the promotion too; re-promotion refused; Healthy again', async () => {
    const { bare, cli, promote, record } = await setup('git');
    const ARGO = 'argocd-token-failed-tag-9';
    const sim = await startArgoCdSimulator({
      token: ARGO,
      refreshDelayMs: 200,
      syncDelayMs: 100,
      healthDelayMs: 100,
      apps: [{ name: 'payments-dev', repo: bare, path: 'overlays/dev/payments', badTag: /bad/ }],
    });
    sims.push(sim);
    const argo = { ARGOCD_AUTH_TOKEN: ARGO, ARGOCD_SERVER: sim.url };
    await record(await promote('v1.2.3'), 'success');
    const bad = await promote('v1.2.4-bad');
    // Another commit lands on top before the gate runs: the gate waits for the head, not the promotion.
    const head = await commitFiles(bare, 'main', { 'README.md': '# env repo\nanother team\n' }, 'docs: unrelated');
    const gate = () =>
      runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s', '--rollback-on-failure', '--json'], argo);

    const failed = await gate();
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({ healthy: false, rollback: { changed: true, from: 'v1.2.4-bad', rolledBackTo: 'v1.2.3', source: 'verified' } });
    for (const sha of [head, bad]) expect(await git(bare, ['notes', '--ref', 'gitops', 'show', sha])).toContain('"state":"failure"');
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.3"');

    const refs = await allRefs(bare);
    const again = await cli('rollback', '--env', 'dev', '--failed-tag', 'v1.2.4-bad');
    expect(again.json).toMatchObject({ changed: false, source: 'not-running' });
    const refused = await cli('promote', '--env', 'dev', '--tag', 'v1.2.4-bad');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/dev\(payments\) was rolled back from v1\.2\.4-bad by [0-9a-f]{7} on \d{4}-/);
    expect(await allRefs(bare)).toEqual(refs);

    const healthy = await runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '30s', '--json'], argo);
    expect({ code: healthy.code, healthy: healthy.json?.healthy, revision: healthy.json?.revision }).toEqual({
      code: 0,
      healthy: true,
      revision: failed.json.rollback.commit,
    });
  }, 120_000);

  it('the rollback action: --failed-tag as an input, a re-run is changed=false', async () => {
    const bare = await createEnvRepo(root, `acme/ft${++n}`);
    await commitFiles(bare, 'main', { [DEV]: valuesYaml('v1.7.0') }, 'dev(payments): v1.7.0\n\nGitops-App: payments\nGitops-Env: dev\nGitops-To: v1.7.0\n');
    const inputs = { 'env-repo': bare, app: 'payments', env: 'dev', 'failed-tag': 'v1.7.0' };
    const first = await runAction('rollback', inputs);
    expect({ code: first.code, out: first.stdout.match(/^::error::.*/m)?.[0] }).toEqual({ code: 0, out: undefined });
    expect(first.outputs).toMatchObject({ changed: 'true', from: 'v1.7.0', 'rolled-back-to': 'v1.2.2', source: 'history' });
    const refs = await allRefs(bare);
    const again = await runAction('rollback', inputs);
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ changed: 'false', from: 'v1.2.2', source: 'not-running' });
    expect(await allRefs(bare)).toEqual(refs);
  }, 60_000);
});
