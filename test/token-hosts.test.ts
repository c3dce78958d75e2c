/**
 * Tokens go only to their own forge, through the bundled CLI. Two sandbox forges serve git smart
 * HTTP and the GitHub/GitLab APIs on two loopback host names: "home" (127.0.0.1, where the env
 * tokens are bound through GITHUB_SERVER_URL / CI_SERVER_URL / --api-url) and "other"
 * (127.0.0.2). Every server records each credential it receives; no env token may ever show up
 * at "other" — not by naming it, not through a redirect — and nothing is written there.
 * Plus: plain http to a non-loopback name (reached through a recording proxy), URL credentials,
 * a server that accepts and never answers, and control characters in --env-repo / --api-url.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { createEnvRepo } from './support/env-repo.js';
import { runCli } from './support/faces.js';

const GH = 'ghs_homeGithubToken_0123456789';
const GL = 'glpat-homeGitlabToken-0123456789';
const JOB = 'jobtoken-home-0123456789';
const OWN = 'own-url-secret-0123456789';
const FAST = { GITOPS_WRITE_INTERVAL_MS: '0' };

async function refs(bare: string): Promise<string> {
  return git(bare, ['for-each-ref', '--format=%(refname) %(objectname)']);
}

describe('env tokens reach only the hosts they are bound to', () => {
  let root: string;
  let home: ForgeServer;
  let other: ForgeServer;
  let homeBare: string;
  let otherBare: string;
  let homeRefs: string;
  let otherRefs: string;
  const promote = (envRepo: string, ...args: string[]) => ['promote', '--env-repo', envRepo, '--app', 'payments', '--env', 'dev', '--tag', 'v9.9.9', ...args];

  beforeAll(async () => {
    root = await tempDir();
    // Both forges accept all tokens, so a leaked token would "work" and be visible in their records.
    const tokens = [GH, GL, JOB, OWN];
    home = await startForge({ root: join(root, 'home'), tokens });
    other = await startForge({ root: join(root, 'other'), tokens, host: '127.0.0.2' });
    homeBare = await createEnvRepo(join(root, 'home'), 'acme/env');
    otherBare = await createEnvRepo(join(root, 'other'), 'acme/env');
    otherRefs = await refs(otherBare);
  });
  afterAll(async () => {
    await home?.stop();
    await other?.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    home.clearFaults();
    other.clearFaults();
    for (const server of [home, other]) {
      server.credentialsSeen.length = 0;
      server.requests.length = 0;
    }
    homeRefs = await refs(homeBare);
  });
  afterEach(async () => {
    // Whatever happened, "other" never saw an env token and was never written to.
    for (const t of [GH, GL, JOB]) expect(other.credentialsSeen).not.toContain(t);
    expect(await refs(otherBare)).toBe(otherRefs);
  });

  const boundHome = () => ({ GITHUB_SERVER_URL: home.url, ...FAST });
  /** The output, for a failing expectation on the exit code. */
  const said = (r: { code: number; stderr: string }) => `exit ${r.code}: ${r.stderr}`;

  it('the hosts are distinct: "other" is 127.0.0.2, "home" 127.0.0.1', () => {
    expect(home.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
  });

  it('git: the bound host gets GITHUB_TOKEN (control) and the push lands', async () => {
    const r = await runCli(promote(`${home.url}/acme/env.git`, '--json'), { GITHUB_TOKEN: GH, ...boundHome() });
    expect(said(r)).toMatch(/^exit 0/);
    expect(home.credentialsSeen).toContain(GH);
    expect(await refs(homeBare)).not.toBe(homeRefs);
  });

  it('git: another host gets no token; the 401 hint says what was sent and why; nothing written', async () => {
    const r = await runCli(promote(`${other.url}/acme/env.git`), { GITHUB_TOKEN: GH, GITLAB_TOKEN: GL, ...boundHome() });
    expect(r.code).toBe(1);
    expect(other.credentialsSeen).toEqual([]);
    expect(r.stderr).toMatch(
      /sent no token to 127\.0\.0\.2:\d+: GITHUB_TOKEN and GITLAB_TOKEN are bound to .*127\.0\.0\.1:\d+.* only \(pass --token-host 127\.0\.0\.2/,
    );
    expect(r.stderr + r.stdout).not.toContain(GH);
  });

  it('git: a redirect from the bound host to another is refused, token not sent there', async () => {
    home.inject({ kind: 'redirect', location: other.url, match: /acme\/env\.git/ });
    const r = await runCli(promote(`${home.url}/acme/env.git`), { GITHUB_TOKEN: GH, ...boundHome() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redirected .*with a token, git follows no redirects/);
    expect(other.requests.length).toBe(0);
    expect(await refs(homeBare)).toBe(homeRefs);
  });

  it('git: --token-host binds the token to another host on purpose', async () => {
    const r = await runCli(promote(`${other.url}/acme/env.git`, '--token-host', '127.0.0.2', '--dry-run'), {
      GITHUB_TOKEN: 'not-an-env-token-of-ours-1',
      ...boundHome(),
    });
    // The token went where the user said (the sandbox refuses it: not one it knows), and the hint says why it was sent.
    expect(r.code).toBe(1);
    expect(other.credentialsSeen).toContain('not-an-env-token-of-ours-1');
    expect(r.stderr).toMatch(/sent GITHUB_TOKEN to 127\.0\.0\.2:\d+ because 127\.0\.0\.2:\d+ is named by --token-host/);
  });

  it('git: credentials written in the URL win over the env token (even where the env token is bound)', async () => {
    const url = `${other.url}/acme/env.git`.replace('http://', `http://me:${OWN}@`);
    const r = await runCli(promote(url, '--json'), { GITHUB_TOKEN: GH, GITOPS_TOKEN_HOST: '127.0.0.2', ...boundHome() });
    expect(said(r)).toMatch(/^exit 0/);
    otherRefs = await refs(otherBare); // the push to "other" was the point of this test
    expect(other.credentialsSeen.length).toBeGreaterThan(0);
    expect(new Set(other.credentialsSeen)).toEqual(new Set([OWN]));
    expect(r.stdout + r.stderr).not.toContain(OWN);
  });

  it('github: an API on another host gets no token, named by --env-repo alone', async () => {
    const r = await runCli(promote(`${other.url}/acme/env`, '--forge', 'github'), { GITHUB_TOKEN: GH, ...boundHome() });
    expect(r.code).toBe(1);
    expect(other.credentialsSeen).toEqual([]);
    expect(r.stderr).toMatch(/sent no token to 127\.0\.0\.2/);
  });

  it('github: the --api-url host gets the token (control), a redirect to another origin is refused', async () => {
    const args = promote('acme/env', '--forge', 'github', '--api-url', `${home.url}/api/v3`, '--tag', 'v9.9.20', '--json');
    const ok = await runCli(args, { GITHUB_TOKEN: GH, ...FAST });
    expect(said(ok)).toMatch(/^exit 0/);
    expect(home.credentialsSeen).toContain(GH);
    const landed = await refs(homeBare);
    expect(landed).not.toBe(homeRefs);

    home.inject({ kind: 'redirect', location: other.url, match: /^\/api\/v3\// });
    const r = await runCli(promote('acme/env', '--forge', 'github', '--api-url', `${home.url}/api/v3`, '--tag', 'v9.9.21'), { GITHUB_TOKEN: GH, ...FAST });
    expect(other.requests.length).toBe(0); // not followed with the token
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/127\.0\.0\.1:\d+ redirected to http:\/\/127\.0\.0\.2:\d+, another origin: not followed while carrying credentials/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await refs(homeBare)).toBe(landed);
  });

  it.each([
    ['GITLAB_TOKEN (PRIVATE-TOKEN)', { GITLAB_TOKEN: GL }],
    ['CI_JOB_TOKEN (JOB-TOKEN)', { CI_JOB_TOKEN: JOB }],
  ])('gitlab: %s is not carried across a redirect to another origin', async (_name, tokenEnv) => {
    home.inject({ kind: 'redirect', location: other.url, match: /^\/api\/v4\// });
    const r = await runCli(promote('acme/env', '--forge', 'gitlab', '--api-url', `${home.url}/api/v4`), { ...tokenEnv, ...FAST });
    expect(home.credentialsSeen.length).toBeGreaterThan(0); // sent to its own host…
    expect(other.requests.length).toBe(0); // …but not across the redirect
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redirected to http:\/\/127\.0\.0\.2:\d+, another origin: not followed while carrying credentials/);
    expect(await refs(homeBare)).toBe(homeRefs);
  });

  it('gitlab: CI_SERVER_URL binds CI_JOB_TOKEN; another CI_SERVER_URL means no token', async () => {
    const r = await runCli(promote(`${home.url}/acme/env`, '--forge', 'gitlab'), { CI_JOB_TOKEN: JOB, CI_SERVER_URL: other.url, ...FAST });
    expect(r.code).toBe(1);
    expect(home.credentialsSeen).toEqual([]);
    expect(r.stderr).toMatch(/sent no token to 127\.0\.0\.1:\d+: CI_JOB_TOKEN is bound to/);
    expect(await refs(homeBare)).toBe(homeRefs);
  });
});

describe('plain http to a host that is not loopback gets no token', () => {
  let proxy: Server;
  let proxyUrl: string;
  const seen: { url: string; authorization?: string }[] = [];
  beforeAll(async () => {
    // A forward proxy stands in for git.corp.example: it records what git would send there.
    proxy = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(401, { 'www-authenticate': 'Basic realm="corp"' });
      res.end('authentication required');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => proxy.close(() => r())));
  beforeEach(() => (seen.length = 0));
  const viaProxy = () => ({ http_proxy: proxyUrl, HTTP_PROXY: proxyUrl, no_proxy: '', NO_PROXY: '' });

  it('git over http://git.corp.example with the host bound: no Authorization, and the hint says plain http', async () => {
    const r = await runCli(['promote', '--env-repo', 'http://git.corp.example/acme/env.git', '--app', 'payments', '--env', 'dev', '--tag', 'v2'], {
      GITHUB_TOKEN: GH,
      GITOPS_TOKEN_HOST: 'git.corp.example',
      ...viaProxy(),
    });
    expect(r.code).toBe(1);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0].url).toMatch(/^http:\/\/git\.corp\.example\/acme\/env\.git\/info\/refs/);
    expect(seen.every((s) => s.authorization === undefined)).toBe(true);
    expect(r.stderr).toMatch(/sent no token to git\.corp\.example: GITHUB_TOKEN never goes over plain http except to loopback/);
  });

  it('control: the proxy does see credentials when they are the URL’s own', async () => {
    await runCli(['promote', '--env-repo', `http://me:${OWN}@git.corp.example/acme/env.git`, '--app', 'payments', '--env', 'dev', '--tag', 'v2'], {
      GITHUB_TOKEN: GH,
      ...viaProxy(),
    });
    const sent = seen.map((s) => s.authorization).filter(Boolean);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((a) => Buffer.from(a!.replace(/^Basic /, ''), 'base64').toString() === `me:${OWN}`)).toBe(true);
  });
});

describe('a server that accepts and never answers', () => {
  let silent: TcpServer;
  let url: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createTcpServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it.each([
    ['github', '/api/v3', { GITHUB_TOKEN: GH }],
    ['gitlab', '/api/v4', { GITLAB_TOKEN: GL }],
  ])('%s: promote fails within GITOPS_HTTP_TIMEOUT_MS with a plain message (exit 1)', async (forge, path, tokenEnv) => {
    const started = Date.now();
    const r = await runCli(
      ['promote', '--env-repo', 'acme/env', '--forge', forge, '--api-url', `${url}${path}`, '--app', 'payments', '--env', 'dev', '--tag', 'v2'],
      {
        ...tokenEnv,
        GITOPS_HTTP_TIMEOUT_MS: '1500',
      },
    );
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no answer from 127\.0\.0\.1:\d+ within 1\.5 s|no answer from 127\.0\.0\.1:\d+ within 1500 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(elapsed).toBeLessThan(1500 + 8000); // one timeout plus process start, no retries of a silent server
  });

  it('a bad GITOPS_HTTP_TIMEOUT_MS is an input error (exit 2)', async () => {
    const r = await runCli(
      ['promote', '--env-repo', 'acme/env', '--forge', 'github', '--api-url', `${url}/api/v3`, '--app', 'payments', '--env', 'dev', '--tag', 'v2'],
      { GITOPS_HTTP_TIMEOUT_MS: '5 minutes' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GITOPS_HTTP_TIMEOUT_MS/);
  });
});

describe('control characters in --env-repo and --api-url', () => {
  it.each([
    ['--env-repo', ['--env-repo', 'http://127.0.0.1:1/acme/env.git\n[core]\n\tsshCommand = touch /tmp/pwned']],
    ['--env-repo', ['--env-repo', 'http://127.0.0.1:1/acme/\u001benv.git']],
    ['--api-url', ['--env-repo', 'acme/env', '--forge', 'github', '--api-url', 'http://127.0.0.1:1/api/v3\r\nX-Injected: 1']],
  ])('%s → exit 2, one line naming the flag', async (flag, args) => {
    const r = await runCli(['promote', ...args, '--app', 'payments', '--env', 'dev', '--tag', 'v2'], { GITHUB_TOKEN: GH });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${flag} contains a control character \\(U\\+00[0-9A-F]{2} at position \\d+\\)`));
  });
});
