import { canonicalImageName, formatImageRef, looksLikeImageRef, parseImageRef, type ImageRef } from '../../src/manifest/image-ref.js';

const D = `sha256:${'a1'.repeat(32)}`;

describe('parseImageRef', () => {
  const ok: [string, ImageRef][] = [
    ['nginx:1.25', { name: 'nginx', path: 'nginx', tag: '1.25' }],
    ['nginx', { name: 'nginx', path: 'nginx' }],
    ['library/nginx:1.25-alpine', { name: 'library/nginx', path: 'library/nginx', tag: '1.25-alpine' }],
    ['quay.io/org/app:v3.1.8', { name: 'quay.io/org/app', domain: 'quay.io', path: 'org/app', tag: 'v3.1.8' }],
    ['localhost:5000/app:1.0', { name: 'localhost:5000/app', domain: 'localhost:5000', path: 'app', tag: '1.0' }],
    ['localhost/app', { name: 'localhost/app', domain: 'localhost', path: 'app' }],
    ['registry.example:5000/acme/app:v1.0.0', { name: 'registry.example:5000/acme/app', domain: 'registry.example:5000', path: 'acme/app', tag: 'v1.0.0' }],
    // a port and no tag: the last `:` is before the last `/`, so it is the port
    ['registry.example:5000/acme/app', { name: 'registry.example:5000/acme/app', domain: 'registry.example:5000', path: 'acme/app' }],
    [`registry.example:5000/acme/app@${D}`, { name: 'registry.example:5000/acme/app', domain: 'registry.example:5000', path: 'acme/app', digest: D }],
    [`ghcr.io/acme/app:v1@${D}`, { name: 'ghcr.io/acme/app', domain: 'ghcr.io', path: 'acme/app', tag: 'v1', digest: D }],
    [`nginx@${D}`, { name: 'nginx', path: 'nginx', digest: D }],
    ['[::1]:5000/app:v1', { name: '[::1]:5000/app', domain: '[::1]:5000', path: 'app', tag: 'v1' }],
    ['Registry.Example/a__b/c-d.e:T_1', { name: 'Registry.Example/a__b/c-d.e', domain: 'Registry.Example', path: 'a__b/c-d.e', tag: 'T_1' }],
    ['17.6.0-debian-12-r4', { name: '17.6.0-debian-12-r4', path: '17.6.0-debian-12-r4' }],
    ['bitnami/postgresql:17.6.0-debian-12-r10', { name: 'bitnami/postgresql', path: 'bitnami/postgresql', tag: '17.6.0-debian-12-r10' }],
  ];
  it.each(ok)('%s', (text, want) => {
    expect(parseImageRef(text)).toEqual(want);
    expect(formatImageRef(parseImageRef(text)!)).toBe(text);
  });

  const bad = [
    '',
    'ghcr.io/Acme/app:v1', // uppercase in the path
    'ghcr.io/acme/app:', // empty tag
    'ghcr.io/acme/app:-v1', // a tag starts with a word character
    `ghcr.io/acme/app:${'t'.repeat(129)}`, // tags are at most 128 characters
    'ghcr.io/acme/app@sha256:abc', // digest hex too short
    'ghcr.io/acme/app@v1', // not a digest
    'ghcr.io//app:v1',
    'ghcr.io/acme/app/:v1',
    'ghcr.io/acme/app:v1:v2',
    'https://ghcr.io/acme/app:v1',
    'ghcr.io/acme/app:v1 ',
    'ghcr.io/ac--me_/app',
    'bad_host.io:5000/app:v1',
    `ghcr.io/${'a'.repeat(250)}:v1`, // name longer than 255
  ];
  it.each(bad)('refuses %j', (text) => {
    expect(parseImageRef(text)).toBeNull();
  });

  it('an uppercase first component is a domain (paths are lowercase)', () => {
    expect(parseImageRef('Acme/app:v1')).toEqual({ name: 'Acme/app', domain: 'Acme', path: 'app', tag: 'v1' });
  });
});

describe('formatImageRef keeps the name bytes and sets only tag / digest', () => {
  it.each([
    ['registry.example:5000/acme/app:v1.0.0', { tag: 'v1.1.0' }, 'registry.example:5000/acme/app:v1.1.0'],
    ['registry.example:5000/acme/app:v1.0.0', { digest: D }, `registry.example:5000/acme/app:v1.0.0@${D}`],
    [`nginx@${D}`, { tag: '1.27' }, `nginx:1.27@${D}`],
    [`Registry.Example/acme/app:v1@${D}`, { tag: 'v2', digest: undefined }, 'Registry.Example/acme/app:v2'],
  ] as const)('%s + %j → %s', (text, change, want) => {
    expect(formatImageRef({ ...parseImageRef(text)!, ...change })).toBe(want);
  });
});

describe('looksLikeImageRef', () => {
  it.each([
    ['v1.2.3', false],
    ['17.6.0-debian-12-r4', false],
    ['latest', false],
    ['nginx:1.25', true],
    ['acme/app', true],
    [`app@${D}`, true],
  ] as const)('%s → %s', (v, want) => expect(looksLikeImageRef(v)).toBe(want));
});

describe('canonicalImageName', () => {
  const name = (t: string) => canonicalImageName(parseImageRef(t)!);
  it('reads Docker Hub spellings as one name', () => {
    for (const t of ['nginx:1.25', 'library/nginx', 'docker.io/nginx', 'docker.io/library/nginx:1', 'index.docker.io/library/nginx']) {
      expect(name(t)).toBe('docker.io/library/nginx');
    }
    expect(name('bitnami/postgresql:17')).toBe('docker.io/bitnami/postgresql');
  });
  it('lowercases the domain only', () => {
    expect(name('Registry.Example:5000/acme/app:v1')).toBe('registry.example:5000/acme/app');
    expect(name('localhost:5000/app')).not.toBe(name('localhost:5001/app'));
    expect(name('ghcr.io/acme/app')).not.toBe(name('ghcr.io/acme/app2'));
  });
});
