/** Which registry credentials exist, and where they may go. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeScopes, parseChallenge } from '../../src/registry/client.js';
import { mayReceiveRegistryCredentials, registryCredentialFor } from '../../src/registry/credentials.js';
import { parseImageName } from '../../src/registry/reference.js';

describe('where registry credentials may go', () => {
  test.each([
    ['ghcr.io', 'https://ghcr.io/token', true],
    ['registry-1.docker.io', 'https://auth.docker.io/token', true],
    ['registry.gitlab.com', 'https://gitlab.com/jwt/auth', true],
    ['registry.example.co.uk', 'https://auth.example.co.uk/token', true],
    ['registry.example.co.uk', 'https://evil.co.uk/token', false],
    ['ghcr.io', 'https://evil.example/token', false],
    ['ghcr.io', 'http://ghcr.io/token', false],
    ['127.0.0.1:5000', 'http://127.0.0.1:5001/token', true],
    ['127.0.0.1:5000', 'http://localhost:5001/token', false],
    ['10.0.0.5:5000', 'http://10.0.0.5:5000/v2/', false],
    ['10.0.0.5:5000', 'https://10.0.0.6/token', false],
  ])('%s → %s: %s', (registry, url, allowed) => {
    expect(mayReceiveRegistryCredentials(registry, new URL(url))).toBe(allowed);
  });
});

describe('registry credential sources', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docker-config-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pass').toString('base64') },
          'registry.example.com:5000': { username: 'u', password: 'p' },
        },
        credsStore: 'desktop',
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('env wins; both or neither', () => {
    expect(registryCredentialFor('ghcr.io', { REGISTRY_USERNAME: 'a', REGISTRY_PASSWORD: 'b', DOCKER_CONFIG: dir })).toMatchObject({
      username: 'a',
      password: 'b',
    });
    expect(() => registryCredentialFor('ghcr.io', { REGISTRY_USERNAME: 'a' })).toThrow(/go together/);
  });

  test('docker config: Docker Hub aliases, host:port exact, password with a colon; helpers only warned about', () => {
    const hub = parseImageName('nginx');
    expect(hub).toMatchObject({ registry: 'registry-1.docker.io', repository: 'library/nginx' });
    expect(registryCredentialFor(hub.registry, { DOCKER_CONFIG: dir })).toMatchObject({ username: 'hubuser', password: 'hub:pass' });
    expect(registryCredentialFor('registry.example.com:5000', { DOCKER_CONFIG: dir })).toMatchObject({ username: 'u', password: 'p' });
    const warnings: string[] = [];
    expect(registryCredentialFor('registry.example.com', { DOCKER_CONFIG: dir }, (m) => warnings.push(m))).toBeUndefined();
    expect(warnings[0]).toMatch(/credential helper/);
  });
});

test('WWW-Authenticate challenges and scope merging', () => {
  expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
  });
  expect(parseChallenge('Basic realm="x"')?.scheme).toBe('basic');
  expect(mergeScopes(['repository:a:pull,push', 'repository:b:pull', 'repository:a:pull', 'registry:catalog:*'])).toEqual([
    'repository:a:pull,push',
    'repository:b:pull',
    'registry:catalog:*',
  ]);
});
