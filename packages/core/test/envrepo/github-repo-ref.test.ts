import { InputError } from '../../src/errors.js';
import { parseRepoRef } from '../../src/envrepo/forge-common.js';

describe('parseRepoRef', () => {
  const noEnv = {};
  it.each([
    [
      'https://github.com/acme/env.git',
      undefined,
      undefined,
      { forge: 'github', path: 'acme/env', apiUrl: 'https://api.github.com', webUrl: 'https://github.com' },
    ],
    ['https://github.com/acme/env/tree/main', undefined, undefined, { forge: 'github', path: 'acme/env', apiUrl: 'https://api.github.com' }],
    ['git@github.com:acme/env.git', undefined, undefined, { forge: 'github', path: 'acme/env' }],
    ['https://x-access-token:s3cret@github.com/acme/env', undefined, undefined, { forge: 'github', path: 'acme/env' }],
    [
      'https://ghe.corp.example/acme/env.git',
      'github',
      undefined,
      { forge: 'github', path: 'acme/env', apiUrl: 'https://ghe.corp.example/api/v3', webUrl: 'https://ghe.corp.example' },
    ],
    ['acme/env', 'github', undefined, { forge: 'github', path: 'acme/env', apiUrl: 'https://api.github.com' }],
    ['acme/env', undefined, 'https://ghe.corp.example/api/v3', { forge: 'github', path: 'acme/env', apiUrl: 'https://ghe.corp.example/api/v3' }],
    [
      'https://gitlab.com/acme/platform/env.git',
      undefined,
      undefined,
      { forge: 'gitlab', path: 'acme/platform/env', apiUrl: 'https://gitlab.com/api/v4', webUrl: 'https://gitlab.com' },
    ],
    ['https://gitlab.com/acme/platform/env/-/tree/main', undefined, undefined, { forge: 'gitlab', path: 'acme/platform/env' }],
    [
      'https://git.corp.example/gitlab/acme/env.git',
      'gitlab',
      'https://git.corp.example/gitlab/api/v4/',
      { forge: 'gitlab', path: 'acme/env', apiUrl: 'https://git.corp.example/gitlab/api/v4', webUrl: 'https://git.corp.example/gitlab' },
    ],
    ['https://git.corp.example/acme/env', 'gitlab', undefined, { forge: 'gitlab', path: 'acme/env', apiUrl: 'https://git.corp.example/api/v4' }],
    ['acme/env', 'gitlab', undefined, { forge: 'gitlab', path: 'acme/env', apiUrl: 'https://gitlab.com/api/v4' }],
    ['1234', 'gitlab', undefined, { forge: 'gitlab', path: '1234' }],
  ] as const)('%s (forge %s, api %s)', (envRepo, forge, api, expected) => {
    expect(parseRepoRef(envRepo, forge, api, noEnv)).toMatchObject(expected);
  });

  it("uses GitLab CI's own server", () => {
    const env = { CI_SERVER_URL: 'https://gitlab.corp.example', CI_API_V4_URL: 'https://gitlab.corp.example/api/v4' };
    expect(parseRepoRef('https://gitlab.corp.example/acme/env.git', undefined, undefined, env)).toEqual({
      forge: 'gitlab',
      path: 'acme/env',
      apiUrl: 'https://gitlab.corp.example/api/v4',
      webUrl: 'https://gitlab.corp.example',
    });
    expect(parseRepoRef('acme/env', 'gitlab', undefined, env).apiUrl).toBe('https://gitlab.corp.example/api/v4');
  });

  it.each([
    ['acme/env', undefined, undefined],
    ['https://git.corp.example/acme/env.git', undefined, undefined],
    ['https://github.com/acme', undefined, undefined],
    ['acme/platform/env', 'github', undefined],
    ['https://github.com/acme/../env', undefined, undefined],
    ['', 'github', undefined],
    ['acme/env', 'git', undefined],
  ] as const)('refuses %s (forge %s) with InputError', (envRepo, forge, api) => {
    expect(() => parseRepoRef(envRepo, forge, api, {})).toThrow(InputError);
  });

  it('never echoes credentials', () => {
    try {
      parseRepoRef('https://user:hunter2-secret@git.corp.example/acme/env.git', undefined, undefined, {});
      throw new Error('expected InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).not.toContain('hunter2-secret');
      expect((e as Error).message).toContain('git.corp.example');
    }
  });

  it.each(['/srv/env.git', './env', '../env.git', 'file:///srv/env.git'])('refuses the local path %s with an API forge (exit 2)', (path) => {
    expect(() => parseRepoRef(path, 'github', undefined, {})).toThrow(/--env-repo .* is a local path/);
    expect(() => parseRepoRef(path, 'gitlab', undefined, {})).toThrow(InputError);
  });
});
