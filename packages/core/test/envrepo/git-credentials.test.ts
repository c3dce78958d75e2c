import { InputError } from '../../src/errors.js';
import { authConfig, gitEnv, parseRemote } from '../../src/envrepo/git-credentials.js';
import { firstMeaningfulLine, isNetworkCommand, subcommandOf } from '../../src/envrepo/git-process.js';
import { mergeNote, parseNote } from '../../src/envrepo/git.js';

describe('parseRemote', () => {
  it('strips user:token from an https URL and uses them', () => {
    const r = parseRemote('https://oauth2:glpat-abcdefghijklmnop@gitlab.example.com/acme/env.git');
    expect(r).toMatchObject({
      kind: 'http',
      url: 'https://gitlab.example.com/acme/env.git',
      display: 'https://gitlab.example.com/acme/env.git',
      origin: 'https://gitlab.example.com/',
      token: 'glpat-abcdefghijklmnop',
      username: 'oauth2',
    });
  });

  it("the URL's own credentials win over a token passed in", () => {
    const r = parseRemote('https://x:urltoken-1234@github.com/acme/env.git', { token: 'from-env', username: 'gitlab-ci-token' });
    expect(r.token).toBe('urltoken-1234');
    expect(r.username).toBe('x');
    expect(r.url).toBe('https://github.com/acme/env.git');
    expect(r.credentialNote).toMatch(/credentials written in the URL/);
  });

  it('treats a lone long user as the token, a conventional name as the username', () => {
    expect(parseRemote('https://ghp_abcdefghijklmnopqrstuvwxyz@github.com/a/b.git').token).toBe('ghp_abcdefghijklmnopqrstuvwxyz');
    const r = parseRemote('https://oauth2@gitlab.com/a/b.git', { token: 't0k3n' });
    expect(r).toMatchObject({ token: 't0k3n', username: 'oauth2', url: 'https://gitlab.com/a/b.git' });
  });

  it('keeps the port in the auth scope and defaults the username to x-access-token', () => {
    const r = parseRemote('http://127.0.0.1:8080/acme/env.git', { token: 'tok' });
    expect(r.origin).toBe('http://127.0.0.1:8080/');
    expect(r.username).toBe('x-access-token');
  });

  it('resolves local paths and file URLs, passes ssh through', () => {
    expect(parseRemote('repos/env.git', { cwd: '/work' })).toMatchObject({ kind: 'local', url: '/work/repos/env.git', display: '/work/repos/env.git' });
    expect(parseRemote('file:///srv/git/env.git')).toMatchObject({ kind: 'file', url: 'file:///srv/git/env.git', display: '/srv/git/env.git' });
    expect(parseRemote('git@github.com:acme/env.git')).toMatchObject({ kind: 'ssh', url: 'git@github.com:acme/env.git' });
    expect(parseRemote('ssh://git@host:2222/acme/env.git')).toMatchObject({
      kind: 'ssh',
      url: 'ssh://git@host:2222/acme/env.git',
      display: 'ssh://host:2222/acme/env.git',
    });
  });

  it('rejects an empty repo as input error', () => {
    expect(() => parseRemote('  ')).toThrow(InputError);
  });
});

describe('credentials to git', () => {
  it('sends a Basic header scoped to the origin, resetting helpers and inherited headers', () => {
    const cfg = authConfig(parseRemote('https://gitlab.com/a/b.git', { token: 'tok', username: 'oauth2' }));
    expect(cfg).toEqual([
      ['credential.helper', ''],
      ['core.askPass', ''],
      ['http.https://gitlab.com/.extraHeader', ''],
      ['http.https://gitlab.com/.extraHeader', `Authorization: Basic ${Buffer.from('oauth2:tok').toString('base64')}`],
      ['http.followRedirects', 'false'],
    ]);
    expect(authConfig(parseRemote('/srv/env.git', { token: 'tok' }))).toEqual([]);
    // Without a token git's own credential helpers stay in charge.
    expect(authConfig(parseRemote('https://gitlab.com/a/b.git', {}))).toEqual([]);
  });

  it('appends to GIT_CONFIG_COUNT entries the caller already has and disables prompts', () => {
    const env = gitEnv([['a.b', 'c']], { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'x.y', GIT_CONFIG_VALUE_0: 'z', GIT_DIR: '/elsewhere' });
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'x.y',
      GIT_CONFIG_KEY_1: 'a.b',
      GIT_CONFIG_VALUE_1: 'c',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
    });
    expect(env.GIT_DIR).toBeUndefined();
  });
});

describe('git process helpers', () => {
  it('finds the subcommand past global options', () => {
    expect(subcommandOf(['-c', 'a=b', '--literal-pathspecs', 'log', '-z'])).toBe('log');
    expect(isNetworkCommand(['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', 'origin'])).toBe(true);
    expect(isNetworkCommand(['cat-file', '--batch'])).toBe(false);
  });

  it('picks the fatal line from stderr', () => {
    expect(firstMeaningfulLine('warning: x\nhint: y\nfatal: boom\n')).toBe('fatal: boom');
    // A head fetch's progress is no reason (\r-separated updates included).
    const progress = 'remote: Enumerating objects: 61003, done.\nremote: Counting objects:   0% (1/61003)\rremote: Counting objects: 100% (61003/61003)\n';
    expect(firstMeaningfulLine(`${progress}early EOF\n`)).toBe('early EOF');
  });
});

describe('verification notes format', () => {
  it('keeps one line per context, the latest wins, foreign lines kept', () => {
    let note = mergeNote('', 'gitops/a/dev', '{"context":"gitops/a/dev","state":"pending"}');
    note = mergeNote(note, 'gitops/b/dev', '{"context":"gitops/b/dev","state":"failure"}');
    note = mergeNote(`human text\n${note}`, 'gitops/a/dev', '{"context":"gitops/a/dev","state":"success"}');
    expect(note).toBe('human text\n{"context":"gitops/b/dev","state":"failure"}\n{"context":"gitops/a/dev","state":"success"}\n');
    expect(parseNote(note)).toEqual([
      { context: 'gitops/b/dev', state: 'failure' },
      { context: 'gitops/a/dev', state: 'success' },
    ]);
    // Duplicates written by other tools: the last line wins.
    expect(parseNote('{"context":"c","state":"pending"}\n{"context":"c","state":"success","description":"ok"}\n')).toEqual([
      { context: 'c', state: 'success', description: 'ok' },
    ]);
  });
});
