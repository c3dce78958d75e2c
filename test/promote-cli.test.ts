/**
 * promote --mode push through the bundled CLI against real bare repos, locally and over the
 * sandbox's git smart HTTP with token auth. Every failure case checks the remote's refs.
 */
import { rm } from 'node:fs/promises';
import { allRefs, commitFiles, createBareRepo, git, showFile, startSandbox, tempDir, type SandboxServer } from '@gitops-actions/sandbox';
import { createEnvRepo, valuesYaml } from './support/env-repo.js';
import { runCli } from './support/faces.js';

const DEV = 'overlays/dev/payments/values.yaml';
const TOKEN = 'ghp_sandboxTOKEN1234567890';

describe('gitops-actions promote (push, git remote)', () => {
  let root: string;
  let sandbox: SandboxServer;
  let n = 0;
  /** A fresh env repo per test: its bare path and its smart-HTTP URL. */
  async function fresh(tags?: { dev?: string }) {
    const name = `acme/env${++n}`;
    const bare = await createEnvRepo(root, name, tags);
    return { bare, url: `${sandbox.url}/${name}.git` };
  }

  /** Right before our push is served, another pipeline commits `dev` values to main. */
  function pushFirst(bare: string, values: string, message: string): void {
    sandbox.inject({
      kind: 'hook',
      match: /git-receive-pack$/,
      times: 1,
      hook: async () => void (await commitFiles(bare, 'main', { [DEV]: values }, message)),
    });
  }

  beforeAll(async () => {
    root = await tempDir();
    sandbox = await startSandbox({ root, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('commits only the tag, with the seeds message and trailers, over smart HTTP', async () => {
    const { bare, url } = await fresh();
    const before = await showFile(bare, 'main', DEV);
    const r = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_SERVER_URL: sandbox.url,
    });
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ changed: true, previousTag: 'v1.2.2', tag: 'v1.2.3', file: DEV, operation: 'pushed' });
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    expect(r.json.commit).toBe(head);
    expect(await showFile(bare, 'main', DEV)).toBe(before!.replace('tag: "v1.2.2"', 'tag: "v1.2.3"'));
    const message = await git(bare, ['log', '-1', '--format=%B', 'main']);
    // The ledger: no earlier commit of ours named a tag (the file's first value came by hand).
    expect(message).toMatch(
      /^dev\(payments\): v1\.2\.3\n\nGitops-App: payments\nGitops-Env: dev\nGitops-From: v1\.2\.2\nGitops-To: v1\.2\.3\nGitops-Earlier-Tags: \(none\)\n/,
    );
    // Only that one file changed.
    expect((await git(bare, ['diff', '--name-only', 'main~1', 'main'])).trim()).toBe(DEV);
    // The next promotion's ledger names the tag this one set.
    const next = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.4', '--json'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_SERVER_URL: sandbox.url,
    });
    expect(next.code).toBe(0);
    expect(await git(bare, ['log', '-1', '--format=%B', 'main'])).toMatch(/\nGitops-To: v1\.2\.4\nGitops-Earlier-Tags: v1\.2\.3\n/);
  });

  it("without a token in the environment, git's own credential helper is used", async () => {
    const { bare, url } = await fresh();
    const helper = `!f() { echo username=x-access-token; echo password=${TOKEN}; }; f`;
    const r = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json'], {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: helper,
    });
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(r.json.commit);
  });

  it('is idempotent: the second run changes nothing', async () => {
    const { bare } = await fresh();
    const args = ['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.3.0', '--json'];
    expect((await runCli(args)).code).toBe(0);
    const refs = await allRefs(bare);
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ changed: false, operation: 'unchanged', commit: null, previousTag: 'v1.3.0' });
    expect(await allRefs(bare)).toEqual(refs);
  });

  it('refuses a downgrade unless --allow-downgrade', async () => {
    const { bare } = await fresh({ dev: 'v2.0.0' });
    const refs = await allRefs(bare);
    const r = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.9.9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer than v1\.9\.9.*--allow-downgrade/);
    expect(await allRefs(bare)).toEqual(refs);
    const ok = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.9.9', '--allow-downgrade', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json.previousTag).toBe('v2.0.0');
  });

  it('--dry-run prints the unified diff and writes nothing', async () => {
    const { bare } = await fresh();
    const refs = await allRefs(bare);
    const r = await runCli(['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.4', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`--- a/${DEV}`);
    expect(r.stderr).toMatch(/^- {2}tag: "v1\.2\.2"$/m);
    expect(r.stderr).toMatch(/^\+ {2}tag: "v1\.2\.4"$/m);
    expect(await allRefs(bare)).toEqual(refs);
  });

  it('works without gitops.yaml given --file and --key (kustomize selector)', async () => {
    const bare = await createBareRepo(root, `plain/k${++n}`, {
      'clusters/dev/kustomization.yaml':
        'resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/api\n    newTag: 1.0.0\n  - name: ghcr.io/acme/payments\n    newTag: 1.0.0 # keep me\n',
    });
    const r = await runCli([
      'promote',
      '--env-repo',
      `file://${bare}`,
      '--app',
      'payments',
      '--env',
      'dev',
      '--tag',
      '1.1.0',
      '--file',
      'clusters/dev/kustomization.yaml',
      '--key',
      'images[name=ghcr.io/acme/payments].newTag',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(await showFile(bare, 'main', 'clusters/dev/kustomization.yaml')).toBe(
      'resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/api\n    newTag: 1.0.0\n  - name: ghcr.io/acme/payments\n    newTag: 1.1.0 # keep me\n',
    );
  });

  it('re-applies the key edit when another pipeline pushes between our read and our push', async () => {
    const { bare, url } = await fresh();
    // Right before our push is served, someone else changes another line of the same file.
    pushFirst(bare, valuesYaml('v1.2.2').replace('replicaCount: 2', 'replicaCount: 5'), 'scale dev');
    const r = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3', '--json'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_SERVER_URL: sandbox.url,
    });
    sandbox.clearFaults();
    expect(r.code).toBe(0);
    expect(r.json.attempts).toBe(2);
    expect(r.stderr).toContain('moved under us');
    const text = await showFile(bare, 'main', DEV);
    expect(text).toContain('replicaCount: 5');
    expect(text).toContain('tag: "v1.2.3"');
    expect(await git(bare, ['log', '--format=%s', 'main'])).toBe('dev(payments): v1.2.3\nscale dev\ninitial\n');
  });

  it('refuses to overwrite a newer tag another pipeline set during the race', async () => {
    const { bare, url } = await fresh();
    pushFirst(bare, valuesYaml('v1.3.0'), 'dev(payments): v1.3.0');
    const r = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v1.2.3'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_SERVER_URL: sandbox.url,
    });
    sandbox.clearFaults();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/runs v1\.3\.0, which is newer than v1\.2\.3/);
    expect(await showFile(bare, 'main', DEV)).toContain('tag: "v1.3.0"');
  });

  it('20 concurrent promotions of different apps all land, linear history, no lost update', async () => {
    const apps = Array.from({ length: 20 }, (_, i) => `app${i}`);
    const files: Record<string, string> = {
      'gitops.yaml': `apps:\n${apps.map((a) => `  ${a}:\n    environments:\n      dev: { file: dev/${a}/values.yaml }\n`).join('')}`,
    };
    for (const a of apps) files[`dev/${a}/values.yaml`] = valuesYaml('v1.0.0');
    const name = `acme/many${++n}`;
    const bare = await createBareRepo(root, name, files);
    const url = `${sandbox.url}/${name}.git`;
    const results = await Promise.all(
      apps.map((a) =>
        runCli(['promote', '--env-repo', url, '--app', a, '--env', 'dev', '--tag', 'v1.1.0', '--json'], {
          GITHUB_TOKEN: TOKEN,
          GITHUB_SERVER_URL: sandbox.url,
        }),
      ),
    );
    for (const r of results) expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect((await git(bare, ['rev-list', '--count', 'main'])).trim()).toBe('21');
    expect((await git(bare, ['rev-list', '--merges', '--count', 'main'])).trim()).toBe('0');
    for (const a of apps) expect(await showFile(bare, 'main', `dev/${a}/values.yaml`)).toContain('tag: "v1.1.0"');
    const attempts = results.map((r) => r.json.attempts as number);
    expect(Math.max(...attempts)).toBeGreaterThan(1); // the races really happened
    // 20 CLI processes (and their git children) on a 2-core runner: the limit guards against a hang, not a time target
    // (bench/contention.bench.ts measures the time).
  }, 300_000);

  describe('bad input: one line, exit 2 (1 for remote failures), remote untouched', () => {
    let bare: string;
    let url: string;
    let refs: Record<string, string>;
    beforeAll(async () => {
      ({ bare, url } = await fresh());
      await commitFiles(
        bare,
        'main',
        {
          'broken/values.yaml': 'image:\n  tag: [unclosed\n',
          'ok/values.yaml': 'image:\n  tag: v1\n  repo: {a: b}\n',
        },
        'fixtures',
      );
      refs = await allRefs(bare);
    });
    afterEach(async () => {
      expect(await allRefs(bare)).toEqual(refs);
    });
    const base = () => ['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev'];
    const cases: Array<[string, () => string[], number, RegExp]> = [
      ['malformed YAML', () => [...base(), '--tag', 'v2', '--file', 'broken/values.yaml', '--key', 'image.tag'], 2, /broken\/values\.yaml:\d+:\d+/],
      ['missing path', () => [...base(), '--tag', 'v2', '--file', 'ok/values.yaml', '--key', 'image.digest'], 2, /image\.digest/],
      ['path to a map', () => [...base(), '--tag', 'v2', '--file', 'ok/values.yaml', '--key', 'image.repo'], 2, /image\.repo/],
      ['file escaping the repo', () => [...base(), '--tag', 'v2', '--file', '../outside.yaml', '--key', 'image.tag'], 2, /--file/],
      ['tag with shell metacharacters', () => [...base(), '--tag', 'v1;rm -rf /'], 2, /--tag/],
      ['tag with a newline', () => [...base(), '--tag', 'v1\nv2'], 2, /--tag/],
      ['unknown app', () => ['promote', '--env-repo', bare, '--app', 'nope', '--env', 'dev', '--tag', 'v2'], 2, /--app.*payments/],
      ['unknown env', () => ['promote', '--env-repo', bare, '--app', 'payments', '--env', 'qa', '--tag', 'v2'], 2, /--env.*(dev|staging)/],
      ['missing flag', () => ['promote', '--env-repo', bare, '--app', 'payments', '--env', 'dev'], 2, /--tag/],
      ['bad --mode', () => [...base(), '--tag', 'v2', '--mode', 'yolo'], 2, /--mode/],
    ];
    it.each(cases)('%s', async (_name, args, code, pattern) => {
      const r = await runCli(args());
      expect(r.code).toBe(code);
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^error: /);
      expect(lines[lines.length - 1]).toMatch(pattern);
    });

    it('OWNER/NAME without --forge → exit 2 naming the fix', async () => {
      const r = await runCli(['promote', '--env-repo', 'acme/not-a-path', '--app', 'payments', '--env', 'dev', '--tag', 'v2']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --env-repo acme\/not-a-path is neither a local repository nor a URL \(for OWNER\/NAME pass --forge github/m);
    });

    it('unreachable remote → exit 1', async () => {
      const r = await runCli(['promote', '--env-repo', 'http://127.0.0.1:1/acme/x.git', '--app', 'payments', '--env', 'dev', '--tag', 'v2']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*127\.0\.0\.1:1/m);
    });

    it('wrong credentials → exit 1, token not printed', async () => {
      const r = await runCli(['promote', '--env-repo', url, '--app', 'payments', '--env', 'dev', '--tag', 'v2'], {
        GITHUB_TOKEN: 'wrong-token-abcdef',
        GITHUB_SERVER_URL: sandbox.url,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*(auth|credential|token)/im);
      expect(r.stderr + r.stdout).not.toContain('wrong-token-abcdef');
    });
  });
});
