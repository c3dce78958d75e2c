import { exitCodeOf, InputError } from '../../src/errors.js';
import { readScalar, setScalar } from '../../src/manifest/edit.js';
import { fixture } from './fixtures.js';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect(exitCodeOf(e)).toBe(2);
    expect((e as Error).message).not.toMatch(/[\r\n]/);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

interface ErrCase {
  name: string;
  file: string;
  path: string;
  /** Set → setScalar with this value; unset → readScalar. */
  value?: string;
  /** `file:line:column` prefix the message must start with. */
  at: string;
  says: RegExp;
}

const cases: ErrCase[] = [
  {
    name: 'invalid YAML, at the parser’s own position',
    file: 'invalid.yaml',
    path: 'image.tag',
    at: 'invalid.yaml:3:8',
    says: /invalid YAML: Nested mappings are not allowed/,
  },
  {
    name: 'missing last key, listing the keys that exist',
    file: 'helm-values.yaml',
    path: 'image.digest',
    value: 'sha256:00',
    at: 'helm-values.yaml:7:3',
    says: /key "digest" not found in image \(keys there: repository, tag, pullPolicy\)/,
  },
  {
    name: 'missing first key',
    file: 'helm-values.yaml',
    path: 'global.image.tag',
    at: 'helm-values.yaml:4:1',
    says: /key "global" not found in the document root/,
  },
  {
    name: 'path points at a map',
    file: 'helm-values.yaml',
    path: 'image',
    value: 'v2',
    at: 'helm-values.yaml:7:3',
    says: /points at a map, not a scalar/,
  },
  {
    name: 'path points at a list',
    file: 'deployment.yaml',
    path: 'spec.template.spec.containers',
    value: 'v2',
    at: 'deployment.yaml:19:9',
    says: /points at a list, not a scalar/,
  },
  {
    name: 'index on a map',
    file: 'helm-values.yaml',
    path: 'image[0]',
    at: 'helm-values.yaml:7:3',
    says: /image is a map, not a list/,
  },
  {
    name: 'key below a scalar',
    file: 'helm-values.yaml',
    path: 'image.tag.major',
    at: 'helm-values.yaml:9:8',
    says: /image\.tag is the scalar "v1\.2\.3", not a map/,
  },
  {
    name: 'index out of range',
    file: 'deployment.yaml',
    path: 'spec.template.spec.containers[2].image',
    value: 'x',
    at: 'deployment.yaml:19:9',
    says: /index \[2\] out of range: spec\.template\.spec\.containers has 2 items/,
  },
  {
    name: 'selector matches nothing, listing the values that exist',
    file: 'kustomization.yaml',
    path: 'images[name=ghcr.io/acme/nope].newTag',
    value: 'v2',
    at: 'kustomization.yaml:10:3',
    says: /no item of images has name=ghcr\.io\/acme\/nope \(name values there: ghcr\.io\/acme\/payments, ghcr\.io\/acme\/payments-worker, docker\.io\/library\/redis\)/,
  },
  {
    name: 'selector matches more than one item',
    file: 'duplicate-images.yaml',
    path: 'images[name=ghcr.io/acme/payments].newTag',
    value: 'v2',
    at: 'duplicate-images.yaml:6:5',
    says: /ambiguous: 2 items of images match \(lines 4, 6\)/,
  },
  {
    name: 'selector key present but the item has no such field',
    file: 'kustomization.yaml',
    path: 'images[name=docker.io/library/redis].newTag',
    value: 'v2',
    at: 'kustomization.yaml:15:5',
    says: /key "newTag" not found in images\[name=docker\.io\/library\/redis\] \(keys there: name, digest\)/,
  },
  {
    name: 'target is an alias',
    file: 'helm-values-anchors.yaml',
    path: 'worker.version',
    value: '2.0.0',
    at: 'helm-values-anchors.yaml:17:12',
    says: /alias \(\*appVersion\) of the anchor &appVersion defined at 8:25/,
  },
  {
    name: 'target is a block scalar',
    file: 'block-scalar.yaml',
    path: 'image.tag',
    value: 'v2',
    at: 'block-scalar.yaml:3:8',
    says: /block scalar \(\|-\)/,
  },
  {
    name: 'folded block scalar',
    file: 'block-scalar.yaml',
    path: 'notes',
    value: 'short',
    at: 'block-scalar.yaml:5:8',
    says: /block scalar \(>\)/,
  },
  {
    name: 'path in none of the documents of a multi-document file',
    file: 'multi-document.yaml',
    path: 'spec.replicas',
    value: '3',
    at: 'multi-document.yaml:23:3',
    says: /key "replicas" not found in spec \(keys there: template\) — in none of the 4 documents/,
  },
  {
    name: 'value with a line break',
    file: 'helm-values.yaml',
    path: 'image.tag',
    value: 'v1\nmalicious: true',
    at: 'helm-values.yaml:9:8',
    says: /contains a line break/,
  },
  {
    name: 'value with a carriage return',
    file: 'crlf-values.yaml',
    path: 'image.tag',
    value: 'v1\r',
    at: 'crlf-values.yaml:4:8',
    says: /contains a line break/,
  },
  {
    name: 'value with a tab',
    file: 'helm-values.yaml',
    path: 'image.tag',
    value: 'v1\tx',
    at: 'helm-values.yaml:9:8',
    says: /control character U\+0009/,
  },
  {
    name: 'value with NUL',
    file: 'helm-values-double-quoted.yaml',
    path: 'image.tag',
    value: 'v1\u0000',
    at: 'helm-values-double-quoted.yaml:3:8',
    says: /control character U\+0000/,
  },
  {
    name: 'value with DEL',
    file: 'helm-values-single-quoted.yaml',
    path: 'image.tag',
    value: 'v\u007f1',
    at: 'helm-values-single-quoted.yaml:3:8',
    says: /control character U\+007F/,
  },
  {
    name: 'value with a Unicode line separator',
    file: 'helm-values.yaml',
    path: 'image.tag',
    value: 'v1\u2028x',
    at: 'helm-values.yaml:9:8',
    says: /control character U\+2028/,
  },
];

describe('errors: InputError naming file, line:column and path', () => {
  it.each(cases)('$name', (c) => {
    const text = fixture(c.file);
    const e = errorOf(() => (c.value === undefined ? readScalar(text, c.path, c.file) : setScalar(text, c.path, c.value, c.file)));
    expect(e.message.startsWith(`${c.at}: `)).toBe(true);
    expect(e.message).toMatch(c.says);
    expect(e.message).toContain(`(path ${c.path})`);
  });

  it('readScalar reports the same errors as setScalar for a path problem', () => {
    const text = fixture('kustomization.yaml');
    const path = 'images[name=ghcr.io/acme/nope].newTag';
    expect(errorOf(() => readScalar(text, path, 'k.yaml')).message).toBe(errorOf(() => setScalar(text, path, 'v2', 'k.yaml')).message);
  });

  it('invalid YAML in a later document is still an error, at its own line', () => {
    const text = 'image:\n  tag: v1\n---\nother: [unclosed\n';
    const e = errorOf(() => setScalar(text, 'image.tag', 'v2', 'two.yaml'));
    expect(e.message).toMatch(/^two\.yaml:\d+:\d+: invalid YAML: /);
    const [, line] = /^two\.yaml:(\d+):/.exec(e.message)!;
    expect(Number(line)).toBeGreaterThanOrEqual(4);
    expect(e.message).toContain('(path image.tag)');
  });

  it('a duplicate key is invalid YAML', () => {
    const e = errorOf(() => readScalar('image:\n  tag: v1\n  tag: v2\n', 'image.tag', 'dup.yaml'));
    expect(e.message).toMatch(/^dup\.yaml:3:3: invalid YAML: Map keys must be unique/);
  });

  it('an empty file holds no document', () => {
    expect(errorOf(() => readScalar('', 'image.tag', 'empty.yaml')).message).toMatch(/^empty\.yaml:1:1: the file holds no YAML document \(path image\.tag\)/);
    expect(errorOf(() => readScalar('# only a comment\n---\n', 'image.tag', 'c.yaml')).message).toMatch(/holds no YAML document/);
  });

  it('bad path syntax names the file and the path', () => {
    const e = errorOf(() => setScalar(fixture('helm-values.yaml'), 'image..tag', 'v2', 'helm-values.yaml'));
    expect(e.message).toMatch(/^helm-values\.yaml: invalid YAML path "image\.\.tag" at character 7: empty key/);
  });

  it('errors carry a fix', () => {
    expect(errorOf(() => readScalar(fixture('helm-values.yaml'), 'image.digest', 'v.yaml')).fix).toMatch(/never created/);
    expect(errorOf(() => setScalar(fixture('helm-values-anchors.yaml'), 'worker.version', '2', 'a.yaml')).fix).toMatch(/anchored value/);
  });

  it('line:column points past the BOM as an editor shows it', () => {
    const e = errorOf(() => readScalar(fixture('bom-top-level.yaml'), 'tag.x', 'bom.yaml'));
    expect(e.message.startsWith('bom.yaml:1:6: ')).toBe(true);
  });

  it('the path position in a CRLF file counts lines correctly', () => {
    const e = errorOf(() => readScalar(fixture('crlf-values.yaml'), 'podAnnotations.owner', 'crlf.yaml'));
    expect(e.message.startsWith('crlf.yaml:8:3: key "owner" not found in podAnnotations')).toBe(true);
  });
});
