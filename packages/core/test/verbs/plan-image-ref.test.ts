import { readScalar } from '../../src/manifest/index.js';
import { digestKeyBeside, imageRefOf, tagOf } from '../../src/verbs/plan.js';

const D = `sha256:${'d'.repeat(64)}`;

describe('tagOf reads the tag part of an image reference', () => {
  it.each([
    ['v1.2.3', 'v1.2.3'],
    ['registry.example:5000/acme/app:v1.0.0', 'v1.0.0'],
    [`registry.example:5000/acme/app:v1.0.0@${D}`, 'v1.0.0'],
    [`registry.example:5000/acme/app@${D}`, null],
    ['registry.example:5000/acme/app', null],
    ['nginx:1.25', '1.25'],
    ['"17.6.0-debian-12-r10"', '17.6.0-debian-12-r10'],
    ['~', null],
    ['""', null],
  ] as const)('image: %s → %s', (value, tag) => {
    expect(tagOf(readScalar(`image: ${value}\n`, 'image', 'f.yaml'))).toBe(tag);
  });
});

describe('imageRefOf', () => {
  const hit = (value: string) => readScalar(`spec:\n  image: ${value}\n`, 'spec.image', 'd.yaml');
  it('a bare tag is no reference', () => {
    expect(imageRefOf(hit('v1.0.0'), { file: 'd.yaml', key: 'spec.image', image: 'ghcr.io/acme/app' })).toBeNull();
  });
  it('accepts another spelling of the app image', () => {
    expect(imageRefOf(hit('nginx:1.25'), { file: 'd.yaml', key: 'spec.image', image: 'docker.io/library/nginx' })).toMatchObject({
      name: 'nginx',
      tag: '1.25',
    });
    expect(imageRefOf(hit('GHCR.io/acme/app:v1'), { file: 'd.yaml', key: 'spec.image', image: 'ghcr.io/acme/app' })).toMatchObject({ tag: 'v1' });
  });
  it('refuses another repository, and a value that is neither tag nor reference, naming file:line:column', () => {
    expect(() => imageRefOf(hit('ghcr.io/acme/other:v1'), { file: 'd.yaml', key: 'spec.image', image: 'ghcr.io/acme/app' })).toThrow(
      /^d\.yaml:2:10 \(spec\.image\) holds an image of ghcr\.io\/acme\/other, not of ghcr\.io\/acme\/app \(the app's image: in gitops\.yaml\)/,
    );
    expect(() => imageRefOf(hit('ghcr.io/Acme/app:v1'), { file: 'd.yaml', key: 'spec.image' })).toThrow(/neither an image tag nor an image reference/);
  });
  it('without an app image, any valid reference is taken', () => {
    expect(imageRefOf(hit('ghcr.io/acme/other:v1'), { file: 'd.yaml', key: 'spec.image' })).toMatchObject({ path: 'acme/other' });
  });
});

describe('digestKeyBeside', () => {
  it.each([
    ['images[name=registry.example:5000/acme/app].newTag', 'images[name=registry.example:5000/acme/app].digest'],
    ['image.tag', 'image.digest'],
    ['tag', 'digest'],
    ['app.image.tag', 'app.image.digest'],
    ['appVersion', null],
    ['spec.source.helm.parameters[name=image.tag].value', null],
  ] as const)('%s → %s', (key, want) => expect(digestKeyBeside(key)).toBe(want));
});
