import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inferForge, isForgePath, isRemoteUrl } from '../../src/envrepo/repo-ref.js';

describe('what --env-repo names', () => {
  it('infers the forge from the host (port ignored), the CI server, or the CI running us for OWNER/NAME', () => {
    expect(inferForge('https://github.com/acme/env.git', {})).toBe('github');
    expect(inferForge('https://GitLab.com:443/acme/env', {})).toBe('gitlab');
    expect(inferForge('https://git.acme.test:8443/acme/env.git', { CI_SERVER_URL: 'https://git.acme.test' })).toBe('gitlab');
    expect(inferForge('https://ghe.acme.test/acme/env', { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://ghe.acme.test' })).toBe('github');
    expect(inferForge('https://ghe.acme.test/acme/env', { GITHUB_SERVER_URL: 'https://ghe.acme.test' })).toBe('git');
    expect(inferForge('acme/env', { GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(inferForge('acme/env', { CI_API_V4_URL: 'https://gitlab.example/api/v4' })).toBe('gitlab');
    expect(inferForge('acme/env', {})).toBe('git');
    expect(inferForge('git@github.com:acme/env.git', { GITHUB_ACTIONS: 'true' })).toBe('git');
  });

  it('OWNER/NAME is a forge path unless a local directory has that name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'repo-ref-'));
    try {
      await mkdir(join(root, 'acme', 'env'), { recursive: true });
      const local = relative(process.cwd(), join(root, 'acme', 'env'));
      expect(isForgePath('acme/env-that-is-not-here')).toBe(true);
      expect(isForgePath('group/sub/name')).toBe(true);
      expect(isForgePath('name')).toBe(false);
      expect(isForgePath(join(root, 'acme', 'env'))).toBe(false);
      // The same shape as OWNER/NAME, but a directory that exists (relative to the working directory).
      expect(/^[\w.-]+(\/[\w.-]+)+$/.test(local)).toBe(true);
      expect(isForgePath(local)).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a URL of any scheme or scp-like user@host:path is a remote; paths are not', () => {
    expect(isRemoteUrl('https://github.com/acme/env.git')).toBe(true);
    expect(isRemoteUrl('ssh://git@host/acme/env.git')).toBe(true);
    expect(isRemoteUrl('file:///srv/env.git')).toBe(true);
    expect(isRemoteUrl('git@github.com:acme/env.git')).toBe(true);
    expect(isRemoteUrl('/srv/env.git')).toBe(false);
    expect(isRemoteUrl('./env')).toBe(false);
    expect(isRemoteUrl('acme/env')).toBe(false);
  });
});
