/**
 * Issue 7 "Validate before writing", through the bundled CLI and action against real bare repos
 * (locally and over the sandbox's git smart HTTP): every local check happens before the first
 * write, a write that landed is reported as landed, booleans from the environment mean what
 * they say, and unclear inputs are one exit-2 line naming the flag. Every case that could write
 * compares the remote's refs (notes included) before and after.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  allRefs,
  git,
  showFile,
  startArgoCdSimulator,
  startForge,
  startHealthEndpoint,
  startSandbox,
  tempDir,
  type ArgoCdSimulator,
  type ForgeServer,
  type SandboxServer,
} from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runAction, runCli } from './support/faces.js';

const DEV = 'overlays/dev/payments/values.yaml';
const TOKEN = 'ghp_validateTOKEN_0123456789';
/** The sandbox's git smart HTTP wants a token: give it through git's own credential helper. */
const GIT_AUTH = {
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'credential.helper',
  GIT_CONFIG_VALUE_0: `!f() { echo username=x-access-token; echo password=${TOKEN}; }; f`,
};
const ARGO_TOKEN = 'argocd-token-validate-77';

describe('validate before writing (bundled CLI)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  const sims: ArgoCdSimulator[] = [];
  async function fresh(tags?: { dev?: string }) {
    const name = `acme/validate${++n}`;
    const bare = await createEnvRepo(root, name, tags);
    return { bare, url: `${sandbox.url}/${name}.git` };
  }
  const promote = (repo: string, tag: string, ...more: string[]) => ['promote', '--env-repo', repo, '--app', 'payments', '--env', 'dev', '--tag', tag, ...more];

  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => sandbox.clearFaults());

  describe('--dotenv', () => {
    it('an unwritable path is exit 2 naming --dotenv, before anything is pushed', async () => {
      const { bare, url } = await fresh();
      const refs = await allRefs(bare);
      for (const path of [join(root, 'no-such-dir', 'out.env'), root, join(bare, 'HEAD', 'x.env')]) {
        const r = await runCli(promote(url, 'v1.2.3', '--dotenv', path, '--json'), GIT_AUTH);
        expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: --dotenv ".*" cannot be written: .+$/) });
        expect(r.json).toMatchObject({ exitCode: 2 });
        expect(await allRefs(bare)).toEqual(refs);
      }
      // A writable path still gets the outputs.
      const ok = join(root, `probe${n}.env`);
      const dry = await runCli(promote(bare, 'v1.2.3', '--dry-run', '--dotenv', ok));
      expect(dry.code).toBe(0);
      expect(await readFile(ok, 'utf8')).toContain('GITOPS_OUT_OPERATION=dry-run');
    });

    it('a dotenv write that fails after the push landed is a warning: exit 0 with the result', async () => {
      const { bare, url } = await fresh();
      const dir = join(root, `outputs${n}`);
      await mkdir(dir);
      // The output directory disappears while the push is being served: the change lands first.
      sandbox.inject({ kind: 'hook', match: /git-receive-pack$/, times: 1, hook: async () => void (await rm(dir, { recursive: true, force: true })) });
      const r = await runCli(promote(url, 'v1.2.3', '--dotenv', join(dir, 'out.env'), '--json'), GIT_AUTH);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/^warning: could not write --dotenv .*out\.env/m) });
      expect(r.json).toMatchObject({ changed: true, operation: 'pushed', tag: 'v1.2.3' });
      expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(r.json.commit);
    });
  });

  it('a pull request that was opened is reported as opened when enabling auto-merge fails afterwards (exit 0, warning)', async () => {
    const forge: ForgeServer = await startForge({ root, tokens: [TOKEN] });
    try {
      const name = `acme/validate${++n}`;
      await createEnvRepo(root, name, { dev: 'v1.2.3' });
      // GitHub refuses the auto-merge mutation (e.g. the token lacks the permission).
      forge.inject({ kind: 'status', match: /\/api\/graphql$/, status: 403, body: { message: 'Resource not accessible by integration' } });
      const r = await runCli(
        [
          'promote',
          '--env-repo',
          name,
          '--forge',
          'github',
          '--api-url',
          `${forge.url}/api/v3`,
          '--app',
          'payments',
          '--env',
          'staging',
          '--tag',
          'v1.2.3',
          '--auto-merge',
          '--json',
        ],
        { GITHUB_TOKEN: TOKEN, GITOPS_WRITE_INTERVAL_MS: '0' },
      );
      expect({ code: r.code, stderr: r.stderr }).toEqual({
        code: 0,
        stderr: expect.stringMatching(/^warning: #\d+ is created, but enabling auto-merge failed: /m),
      });
      const open = forge.forge.pulls(name).filter((p) => p.state === 'open');
      expect(open).toHaveLength(1);
      expect(r.json).toMatchObject({ changed: true, operation: 'created', pullRequest: { number: open[0].number } });
      expect(r.json.pullRequest.autoMerge).toBeUndefined();
    } finally {
      await forge.stop();
    }
  }, 30_000);

  describe('booleans from the environment', () => {
    it('False/FALSE/0/no/Off keep the downgrade guard on; TRUE/1/Yes/on turn it off', async () => {
      const { bare } = await fresh({ dev: 'v2.0.0' });
      const refs = await allRefs(bare);
      for (const value of ['False', 'FALSE', '0', 'no', 'Off']) {
        const r = await runCli(promote(bare, 'v1.9.9'), { GITOPS_ALLOW_DOWNGRADE: value });
        expect({ value, code: r.code, refused: /refusing to downgrade/.test(r.stderr) }).toEqual({ value, code: 1, refused: true });
      }
      expect(await allRefs(bare)).toEqual(refs);
      let current = 'v2.0.0';
      for (const [value, tag] of [
        ['TRUE', 'v1.9.9'],
        ['1', 'v1.9.8'],
        ['Yes', 'v1.9.7'],
        ['on', 'v1.9.6'],
      ] as const) {
        const r = await runCli(promote(bare, tag, '--json'), { GITOPS_ALLOW_DOWNGRADE: value });
        expect({ value, code: r.code, err: r.code ? r.stderr : '' }).toEqual({ value, code: 0, err: '' });
        expect(r.json).toMatchObject({ changed: true, previousTag: current, tag });
        current = tag;
      }
    }, 60_000);

    it('anything else, or a blank value, is exit 2 naming the variable and the accepted values', async () => {
      const { bare } = await fresh({ dev: 'v2.0.0' });
      const refs = await allRefs(bare);
      for (const [name, value, message] of [
        ['GITOPS_ALLOW_DOWNGRADE', 'maybe', /^error: GITOPS_ALLOW_DOWNGRADE "maybe" is not a boolean \(use true\/false, 1\/0, yes\/no, on\/off\)$/],
        ['GITOPS_DRY_RUN', 'ja', /^error: GITOPS_DRY_RUN "ja" is not a boolean/],
        ['GITOPS_ALLOW_DOWNGRADE', '  ', /^error: GITOPS_ALLOW_DOWNGRADE is blank/],
      ] as const) {
        const r = await runCli(promote(bare, 'v1.9.9', '--json'), { [name]: value });
        expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
        expect(r.json).toMatchObject({ exitCode: 2 });
      }
      expect(await allRefs(bare)).toEqual(refs);
    });

    it('the promote-dev action reads its boolean inputs the same way', async () => {
      const { bare } = await fresh({ dev: 'v2.0.0' });
      const refs = await allRefs(bare);
      const inputs = { 'env-repo': bare, forge: 'git', app: 'payments', env: 'dev', tag: 'v1.9.9' };
      const kept = await runAction('promote-dev', { ...inputs, 'allow-downgrade': 'no' });
      expect(kept.code).toBe(1);
      expect(kept.stdout).toMatch(/::error::.*refusing to downgrade/);
      const bad = await runAction('promote-dev', { ...inputs, 'allow-downgrade': 'perhaps' });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/::error::input allow-downgrade "perhaps" is not a boolean \(use true\/false, 1\/0, yes\/no, on\/off\)/);
      expect(await allRefs(bare)).toEqual(refs);
      const on = await runAction('promote-dev', { ...inputs, 'allow-downgrade': 'yes' });
      expect({ code: on.code, out: on.code ? on.stdout : '' }).toEqual({ code: 0, out: '' });
      expect(on.outputs).toMatchObject({ changed: 'true', 'previous-tag': 'v2.0.0' });
    }, 30_000);
  });

  describe('--revision', () => {
    async function argo() {
      const { bare } = await fresh();
      const sim = await startArgoCdSimulator({
        token: ARGO_TOKEN,
        refreshDelayMs: 200,
        syncDelayMs: 100,
        healthDelayMs: 100,
        apps: [{ name: 'payments-dev', repo: bare, path: 'overlays/dev/payments' }],
      });
      sims.push(sim);
      return { bare, sim };
    }

    it('an explicit blank --revision is exit 2, not a pass on the status of an older commit', async () => {
      const { bare, sim } = await argo();
      const refs = await allRefs(bare);
      for (const revision of ['', '   ']) {
        const r = await runCli(
          ['wait-healthy', '--argocd-server', sim.url, '--argocd-app', 'payments-dev', '--revision', revision, '--timeout', '10s', '--json'],
          { ARGOCD_AUTH_TOKEN: ARGO_TOKEN },
        );
        expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(/^error: --revision is blank \(.+\)$/) });
        // With the env repo too: nothing recorded.
        const withRepo = await runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--revision', revision, '--timeout', '10s'], {
          ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
          ARGOCD_SERVER: sim.url,
        });
        expect(withRepo.code).toBe(2);
      }
      const blankEnv = await runCli(['wait-healthy', '--argocd-server', sim.url, '--argocd-app', 'payments-dev', '--timeout', '10s'], {
        ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
        GITOPS_REVISION: ' \t',
      });
      expect({ code: blankEnv.code, stderr: blankEnv.stderr.trim() }).toEqual({
        code: 2,
        stderr: expect.stringMatching(/^error: GITOPS_REVISION is blank \(.+\)$/),
      });
      expect(await allRefs(bare)).toEqual(refs);
      // An empty GITOPS_REVISION (a template input left at "") still means "not given": head of the branch.
      const head = (await git(bare, ['rev-parse', 'main'])).trim();
      const empty = await runCli(['wait-healthy', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--timeout', '20s', '--json'], {
        ARGOCD_AUTH_TOKEN: ARGO_TOKEN,
        ARGOCD_SERVER: sim.url,
        GITOPS_REVISION: '',
      });
      expect(empty.code).toBe(0);
      expect(empty.json).toMatchObject({ expectedRevision: head, revision: head });
    }, 60_000);
  });

  describe('unclear inputs are one exit-2 line naming the flag', () => {
    it('--commit-message / --branch-name with an unknown placeholder or blank', async () => {
      const { bare } = await fresh();
      const refs = await allRefs(bare);
      const cases: [string[], RegExp][] = [
        [['--commit-message', 'x {foo}'], /^error: --commit-message uses unknown placeholder \{foo\} \(use \{app\}, \{env\}, \{tag\} or \{from\}\)$/],
        [['--commit-message', 'x {}'], /^error: --commit-message uses unknown placeholder \{\}/],
        [['--commit-message', ' '], /^error: --commit-message is (empty|blank)/],
        [['--branch-name', 'promote {app} {tag}'], /^error: --branch-name "promote \{app\} \{tag\}" does not make a valid branch name/],
      ];
      for (const [flags, message] of cases) {
        const r = await runCli(promote(bare, 'v1.2.3', ...flags));
        expect({ flags, code: r.code, stderr: r.stderr.trim() }).toEqual({ flags, code: 2, stderr: expect.stringMatching(message) });
      }
      expect(await allRefs(bare)).toEqual(refs);
    });

    it('rollback --depth outside 1…10000 and wait-healthy --successes outside 1…1000', async () => {
      const { bare } = await fresh();
      await runCli(promote(bare, 'v1.2.3'));
      const refs = await allRefs(bare);
      for (const depth of ['1000000000', '0', '-5', '1e3', '2.5', 'ten']) {
        const r = await runCli(['rollback', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--depth', depth]);
        expect({ depth, code: r.code, stderr: r.stderr.trim() }).toEqual({
          depth,
          code: 2,
          stderr: `error: --depth ${JSON.stringify(depth)} is out of range (use a whole number from 1 to 10000)`,
        });
      }
      expect(await allRefs(bare)).toEqual(refs);
      const endpoint = await startHealthEndpoint();
      try {
        const r = await runCli(['wait-healthy', '--url', endpoint.url, '--successes', '100000', '--timeout', '5s']);
        expect({ code: r.code, stderr: r.stderr.trim() }).toEqual({
          code: 2,
          stderr: 'error: --successes "100000" is out of range (use a whole number from 1 to 1000)',
        });
        expect(endpoint.hits).toBe(0);
      } finally {
        await endpoint.stop();
      }
      // In range still works.
      const ok = await runCli(['rollback', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--depth', '10000', '--json']);
      expect(ok.code).toBe(0);
      expect(ok.json).toMatchObject({ from: 'v1.2.3', rolledBackTo: 'v1.2.2', changed: true });
      expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.2.2"');
    }, 30_000);
  });
});
