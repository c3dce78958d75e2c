import { InputError } from '../src/errors.js';
import { assertNoControlChars, assertSecretTransport, credentialFor, isLoopback, parseTokenHosts, type CredentialRequest } from '../src/credentials.js';

const GH = 'ghs_envGithubToken123';
const GL = 'glpat-envGitlabToken456';
const JOB = 'job-token-789';

type Row = [string, Omit<CredentialRequest, 'env'> & { env?: Record<string, string> }, { token?: string; source?: string; username?: string; reason: RegExp }];

// env × URL → the token sent (or none) and the reason given.
const table: Row[] = [
  [
    'github.com gets GITHUB_TOKEN',
    { url: 'https://github.com/acme/env.git', env: { GITHUB_TOKEN: GH } },
    { token: GH, source: 'GITHUB_TOKEN', username: 'x-access-token', reason: /sent GITHUB_TOKEN to github\.com because github\.com is github\.com/ },
  ],
  [
    'api.github.com gets GITHUB_TOKEN',
    { url: 'https://api.github.com', forge: 'github', env: { GITHUB_TOKEN: GH } },
    { token: GH, source: 'GITHUB_TOKEN', reason: /api\.github\.com/ },
  ],
  ['GH_TOKEN when GITHUB_TOKEN is unset', { url: 'https://github.com/a/b', env: { GH_TOKEN: GH } }, { token: GH, source: 'GH_TOKEN', reason: /sent GH_TOKEN/ }],
  [
    'another host gets nothing',
    { url: 'https://evil.example/acme/env.git', env: { GITHUB_TOKEN: GH, GITLAB_TOKEN: GL } },
    {
      reason: /sent no token to evil\.example: GITHUB_TOKEN and GITLAB_TOKEN are bound to github\.com, api\.github\.com only \(pass --token-host evil\.example/,
    },
  ],
  [
    'a look-alike host gets nothing',
    { url: 'https://github.com.evil.example/a/b', env: { GITHUB_TOKEN: GH } },
    { reason: /sent no token to github\.com\.evil\.example/ },
  ],
  [
    'GITHUB_SERVER_URL binds its host',
    { url: 'https://ghe.corp/acme/env.git', env: { GITHUB_TOKEN: GH, GITHUB_SERVER_URL: 'https://ghe.corp' } },
    { token: GH, reason: /because ghe\.corp is GITHUB_SERVER_URL's host/ },
  ],
  [
    'GITHUB_SERVER_URL binds api.HOST (GHE.com)',
    { url: 'https://api.acme.ghe.com', forge: 'github', env: { GITHUB_TOKEN: GH, GITHUB_SERVER_URL: 'https://acme.ghe.com' } },
    { token: GH, reason: /API host of GITHUB_SERVER_URL/ },
  ],
  [
    '--api-url binds its host for its own forge',
    { url: 'https://ghe.corp/api/v3', forge: 'github', apiUrl: 'https://ghe.corp/api/v3', env: { GITHUB_TOKEN: GH } },
    { token: GH, reason: /is the --api-url host/ },
  ],
  [
    '--api-url does not bind the other forge',
    { url: 'https://ghe.corp/api/v4', forge: 'gitlab', apiUrl: 'https://other.corp/api/v4', env: { GITLAB_TOKEN: GL } },
    { reason: /sent no token to ghe\.corp/ },
  ],
  [
    'a github forge never gets a GitLab token',
    { url: 'https://gitlab.com/api/v4', forge: 'github', env: { GITLAB_TOKEN: GL } },
    { reason: /none of GITHUB_TOKEN, GH_TOKEN is set/ },
  ],
  [
    'gitlab.com gets GITLAB_TOKEN as oauth2',
    { url: 'https://gitlab.com/g/env.git', env: { GITHUB_TOKEN: GH, GITLAB_TOKEN: GL } },
    { token: GL, source: 'GITLAB_TOKEN', username: 'oauth2', reason: /because gitlab\.com is gitlab\.com/ },
  ],
  [
    'CI_SERVER_URL binds CI_JOB_TOKEN',
    { url: 'https://git.corp/g/env.git', env: { CI_JOB_TOKEN: JOB, CI_SERVER_URL: 'https://git.corp' } },
    { token: JOB, source: 'CI_JOB_TOKEN', username: 'gitlab-ci-token', reason: /CI_SERVER_URL's host/ },
  ],
  [
    'GITLAB_TOKEN before CI_JOB_TOKEN',
    { url: 'https://gitlab.com/api/v4', forge: 'gitlab', env: { CI_JOB_TOKEN: JOB, GITLAB_TOKEN: GL } },
    { token: GL, source: 'GITLAB_TOKEN', reason: /GITLAB_TOKEN/ },
  ],
  [
    'plain http to a bound host gets nothing',
    { url: 'http://github.com/a/b.git', env: { GITHUB_TOKEN: GH } },
    { reason: /sent no token to github\.com: GITHUB_TOKEN never goes over plain http except to loopback/ },
  ],
  [
    'plain http to a --token-host that is not loopback gets nothing',
    { url: 'http://git.corp/a/b.git', tokenHosts: ['git.corp'], env: { GITHUB_TOKEN: GH } },
    { reason: /plain http/ },
  ],
  [
    'plain http to a bound loopback host is fine',
    { url: 'http://127.0.0.1:8080/a/b.git', env: { GITHUB_TOKEN: GH, GITHUB_SERVER_URL: 'http://127.0.0.1:8080' } },
    { token: GH, reason: /GITHUB_SERVER_URL/ },
  ],
  [
    'loopback is not bound by being loopback',
    { url: 'http://127.0.0.2:8080/a/b.git', env: { GITHUB_TOKEN: GH, GITHUB_SERVER_URL: 'http://127.0.0.1:8080' } },
    { reason: /sent no token to 127\.0\.0\.2:8080/ },
  ],
  [
    'HOST:PORT binds that port only',
    { url: 'http://127.0.0.1:9090/a/b.git', env: { GITHUB_TOKEN: GH, GITHUB_SERVER_URL: 'http://127.0.0.1:8080' } },
    { reason: /sent no token/ },
  ],
  [
    '--token-host binds on purpose',
    { url: 'https://git.corp/a/b.git', tokenHosts: ['git.corp'], env: { GITHUB_TOKEN: GH } },
    { token: GH, reason: /because git\.corp is named by --token-host/ },
  ],
  [
    'GITOPS_TOKEN_HOST is --token-host',
    { url: 'https://git.corp:8443/a/b.git', env: { GITHUB_TOKEN: GH, GITOPS_TOKEN_HOST: 'other.corp, git.corp:8443' } },
    { token: GH, reason: /--token-host/ },
  ],
  [
    'inside GitLab CI a --token-host gets the GitLab token first',
    { url: 'https://git.corp/a/b.git', tokenHosts: ['git.corp'], env: { GITHUB_TOKEN: GH, CI_JOB_TOKEN: JOB, GITLAB_CI: 'true' } },
    { token: JOB, source: 'CI_JOB_TOKEN', reason: /CI_JOB_TOKEN/ },
  ],
  [
    'URL credentials win over env tokens',
    { url: 'https://me:own-secret@github.com/a/b.git', env: { GITHUB_TOKEN: GH } },
    { token: 'own-secret', source: 'url', username: 'me', reason: /credentials written in the URL/ },
  ],
  [
    'URL credentials go even where no env token may',
    { url: 'https://me:own-secret@git.corp/a/b.git', env: { GITHUB_TOKEN: GH } },
    { token: 'own-secret', source: 'url', reason: /URL/ },
  ],
  [
    'a lone token-like user is the URL credential',
    { url: 'https://ghp_abcdefghijklmnopqrstuvwxyz@github.com/a/b.git', env: { GITHUB_TOKEN: GH } },
    { token: 'ghp_abcdefghijklmnopqrstuvwxyz', source: 'url', reason: /URL/ },
  ],
  [
    'a lone conventional user keeps the env token, with that username',
    { url: 'https://oauth2@gitlab.com/a/b.git', env: { GITLAB_TOKEN: GL } },
    { token: GL, username: 'oauth2', reason: /GITLAB_TOKEN/ },
  ],
  [
    'no variables: nothing, and says which were looked for',
    { url: 'https://github.com/a/b', env: {} },
    { reason: /none of GITHUB_TOKEN, GH_TOKEN, GITLAB_TOKEN, CI_JOB_TOKEN is set/ },
  ],
  ['ssh gets nothing from us', { url: 'ssh://git@github.com/a/b.git', env: { GITHUB_TOKEN: GH } }, { reason: /ssh is not http/ }],
  ['a local path gets nothing', { url: '/srv/env.git', env: { GITHUB_TOKEN: GH } }, { reason: /not an http\(s\) URL/ }],
];

describe('credentialFor: env × URL → token or none, with the reason', () => {
  it.each(table)('%s', (_name, req, want) => {
    const got = credentialFor({ ...req, env: req.env ?? {} });
    expect(got.token).toBe(want.token);
    if (want.source) expect(got.source).toBe(want.source);
    if (want.username) expect(got.username).toBe(want.username);
    expect(got.reason).toMatch(want.reason);
    // The reason names variables, never values.
    for (const secret of [GH, GL, JOB, 'own-secret']) expect(got.reason).not.toContain(secret);
  });
});

describe('host rules', () => {
  it('knows loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1']) expect(`${h}: ${isLoopback(h)}`).toBe(`${h}: true`);
    for (const h of ['128.0.0.1', '10.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]']) expect(`${h}: ${isLoopback(h)}`).toBe(`${h}: false`);
  });

  it('parses --token-host and refuses what is not a host', () => {
    expect(parseTokenHosts('git.corp, Other.Corp:8443')).toEqual(['git.corp', 'other.corp:8443']);
    expect(parseTokenHosts(undefined)).toEqual([]);
    for (const bad of ['https://git.corp', 'git.corp/path', 'a b\nc', 'user@git.corp']) expect(() => parseTokenHosts(bad)).toThrow(InputError);
  });

  it('refuses secrets over plain http to a non-loopback server', () => {
    expect(() => assertSecretTransport('http://argocd.corp/api', 'credentials')).toThrow(/plain http to argocd\.corp/);
    expect(() => assertSecretTransport('http://127.0.0.1:8080/api', 'credentials')).not.toThrow();
    expect(() => assertSecretTransport('https://argocd.corp/api', 'credentials')).not.toThrow();
  });

  it('names the flag and the position of a control character', () => {
    expect(() => assertNoControlChars('https://h/a\n[core]', '--env-repo')).toThrow(/^--env-repo contains a control character \(U\+000A at position 12\)$/);
    expect(() => assertNoControlChars('https://h/a.git', '--env-repo')).not.toThrow();
  });
});
