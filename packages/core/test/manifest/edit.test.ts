import { parse, parseAllDocuments } from 'yaml';
import { diffManifest, isPlainSafe, ManifestVerifyError, readScalar, setScalar, verifyEdit } from '../../src/manifest/edit.js';
import { changedLines, fixture, spliceOn } from './fixtures.js';
import { exitCodeOf, InputError } from '../../src/errors.js';

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

describe('quoting: a plain scalar stays plain only when it reads back as the same string', () => {
  const text = fixture('helm-values.yaml'); // line 9: `  tag: v1.2.3   # promoted by gitops-actions`
  const cases: [string, string][] = [
    // stays plain
    ['v1.3.0', 'v1.3.0'],
    ['v1.3.0-rc.4f2a9c1+build.7', 'v1.3.0-rc.4f2a9c1+build.7'],
    ['sha256:abcdef0123', 'sha256:abcdef0123'],
    ['ghcr.io/acme/payments:v1', 'ghcr.io/acme/payments:v1'],
    ['main', 'main'],
    ['a#b', 'a#b'],
    ['back\\slash', 'back\\slash'],
    // would change type under YAML 1.2
    ['1.10', '"1.10"'],
    ['123', '"123"'],
    ['true', '"true"'],
    ['False', '"False"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['0x1F', '"0x1F"'],
    ['0o17', '"0o17"'],
    ['1e3', '"1e3"'],
    ['.inf', '".inf"'],
    ['-1', '"-1"'],
    // would change type under YAML 1.1 (Kubernetes' Go YAML)
    ['yes', '"yes"'],
    ['off', '"off"'],
    ['1:20', '"1:20"'],
    ['2024-01-01', '"2024-01-01"'],
    ['1_000', '"1_000"'],
    // would not parse back as the same text
    ['a: b', '"a: b"'],
    ['x #y', '"x #y"'],
    ['ends:', '"ends:"'],
    ['*ref', '"*ref"'],
    ['&anchor', '"&anchor"'],
    ['!tag', '"!tag"'],
    ['- item', '"- item"'],
    ['@at', '"@at"'],
    ['`tick', '"`tick"'],
    ['%pct', '"%pct"'],
    ['|pipe', '"|pipe"'],
    ['{x}', '"{x}"'],
    ['[x]', '"[x]"'],
    ["'q'", '"\'q\'"'],
    ['"q"', '"\\"q\\""'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['', '""'],
  ];
  it.each(cases)('%j is written as %s', (value, written) => {
    const out = setScalar(text, 'image.tag', value, 'values.yaml');
    expect(out).toBe(spliceOn(text, 9, 'v1.2.3', written));
    expect(readScalar(out, 'image.tag', 'values.yaml').value).toBe(value);
    // An independent parser reads a string, under both YAML versions.
    expect((parse(out) as { image: { tag: unknown } }).image.tag).toBe(value);
    expect((parse(out, { version: '1.1' }) as { image: { tag: unknown } }).image.tag).toBe(value);
  });

  it('isPlainSafe treats flow indicators as unsafe only inside flow collections', () => {
    expect(isPlainSafe('a,b', false)).toBe(true);
    expect(isPlainSafe('a,b', true)).toBe(false);
    expect(isPlainSafe('a]b', true)).toBe(false);
    expect(isPlainSafe('v1', true)).toBe(true);
    // libyaml-based parsers (go-yaml, PyYAML) refuse `a:b` inside flow collections
    expect(isPlainSafe('sha256:ab', false)).toBe(true);
    expect(isPlainSafe('sha256:ab', true)).toBe(false);
  });

  it('a flow mapping value with a comma is quoted and the flow map stays intact', () => {
    const text2 = fixture('helm-values-flow.yaml');
    const out = setScalar(text2, 'image.pullPolicy', 'Always', 'flow.yaml');
    expect(out).toBe(spliceOn(text2, 1, 'IfNotPresent', 'Always'));
    expect(parse(out)).toEqual({
      image: { repository: 'ghcr.io/acme/payments', tag: 'v1.2.3', pullPolicy: 'Always' },
      ports: [8080, 9090],
    });
  });

  it('single-quoted stays single-quoted, double-quoted escapes backslash and quote', () => {
    const s = fixture('helm-values-single-quoted.yaml');
    expect(setScalar(s, 'image.tag', "a'b''c", 's.yaml')).toBe(spliceOn(s, 3, "'v1.2.3'", "'a''b''''c'"));
    const d = fixture('helm-values-double-quoted.yaml');
    expect(setScalar(d, 'image.tag', 'C:\\x"y', 'd.yaml')).toBe(spliceOn(d, 3, '"v1.2.3"', '"C:\\\\x\\"y"'));
    expect(readScalar(setScalar(d, 'image.tag', 'C:\\x"y', 'd.yaml'), 'image.tag', 'd.yaml').value).toBe('C:\\x"y');
  });

  it('non-ASCII text is written as it is', () => {
    const text2 = fixture('helm-values-double-quoted.yaml');
    expect(setScalar(text2, 'image.tag', 'v1-ünï', 'd.yaml')).toBe(spliceOn(text2, 3, '"v1.2.3"', '"v1-ünï"'));
  });
});

describe('no-op and idempotency', () => {
  it('setting the value a scalar already shows returns the text unchanged', () => {
    for (const [file, path, value] of [
      ['helm-values.yaml', 'image.tag', 'v1.2.3'],
      ['helm-values-double-quoted.yaml', 'image.tag', 'v1.2.3'],
      ['helm-values-numeric-tag.yaml', 'image.tag', '1.10'],
      ['crlf-values.yaml', 'image.tag', 'v1.2.3'],
      ['block-scalar.yaml', 'image.tag', 'v1.2.3'],
    ] as const) {
      const text = fixture(file);
      expect(setScalar(text, path, value, file)).toBe(text);
    }
  });

  it('the second run of a quoting edit changes nothing', () => {
    const text = fixture('helm-values-numeric-tag.yaml');
    const once = setScalar(text, 'image.tag', '1.11', 'n.yaml');
    expect(once).toContain('  tag: "1.11"\n');
    expect(setScalar(once, 'image.tag', '1.11', 'n.yaml')).toBe(once);
  });
});

describe('anchors, aliases and merge keys', () => {
  const text = fixture('helm-values-anchors.yaml');
  const anyway = { editAnchor: true };

  it('an anchored target that an alias uses is refused, naming the anchor and its users', () => {
    const hit = readScalar(text, 'migrations.image.tag', 'a.yaml');
    expect(hit.anchor).toBe('migTag');
    expect(hit.shared).toMatchObject({ through: 'anchor', line: 22, usedBy: [{ path: 'migrations.hookImageTag', line: 23 }] });
    const err = errorOf(() => setScalar(text, 'migrations.image.tag', 'v2.0.0', 'a.yaml'));
    expect(err.message).toBe(
      'a.yaml:22:18: the value carries the anchor &migTag, so it is shared: &migTag (line 22) is used by migrations.hookImageTag (line 23); editing it would change all of them (path migrations.image.tag)',
    );
    expect(err.fix).toMatch(/--edit-anchor/);
  });

  it('with editAnchor it is edited in place and its aliases follow', () => {
    const out = setScalar(text, 'migrations.image.tag', 'v2.0.0', 'a.yaml', anyway);
    expect(out).toBe(spliceOn(text, 22, 'v1.2.3', 'v2.0.0'));
    expect(out).toContain('    tag: &migTag v2.0.0\n  hookImageTag: *migTag\n');
    expect((parse(out) as { migrations: { hookImageTag: string } }).migrations.hookImageTag).toBe('v2.0.0');
  });

  it('dev and prod both merging <<: *base: editing dev through the merge is refused (prod would move)', () => {
    const src = 'base: &base\n  image:\n    tag: v1\ndev:\n  <<: *base\nprod:\n  <<: *base\n';
    const err = errorOf(() => setScalar(src, 'dev.image.tag', 'v2', 'v.yaml'));
    expect(err.message).toBe(
      'v.yaml:3:10: the value comes from the merge key <<: *base, so it is shared: &base (line 1) is used by dev.<< (line 5), prod.<< (line 7); editing it would change all of them (path dev.image.tag)',
    );
    expect(err.fix).toBe(
      'give dev.image.tag its own value (write the key explicitly instead of sharing it), or pass --edit-anchor to change it for every user of &base',
    );
    // Flow style, as in the issue: dev: {<<: *base}
    const flow = 'base: &base {image: {tag: v1}}\ndev: {<<: *base}\nprod: {<<: *base}\n';
    expect(() => setScalar(flow, 'dev.image.tag', 'v2', 'v.yaml')).toThrow(/merge key <<: \*base.*dev\.<< \(line 2\), prod\.<< \(line 3\)/);
    // Asked for: the anchored map changes, for both.
    const out = setScalar(src, 'dev.image.tag', 'v2', 'v.yaml', anyway);
    expect(out).toBe(src.replace('tag: v1', 'tag: v2'));
    expect(readScalar(out, 'prod.image.tag', 'v.yaml').value).toBe('v2');
  });

  it('a scalar anchor that other keys alias is refused', () => {
    const src = 'dev:\n  tag: &t v1\nprod:\n  tag: *t\nstaging:\n  tag: *t\n';
    expect(() => setScalar(src, 'dev.tag', 'v2', 's.yaml')).toThrow(
      's.yaml:2:11: the value carries the anchor &t, so it is shared: &t (line 2) is used by prod.tag (line 4), staging.tag (line 6); editing it would change all of them (path dev.tag)',
    );
    expect(setScalar(src, 'dev.tag', 'v2', 's.yaml', anyway)).toBe(src.replace('&t v1', '&t v2'));
  });

  it('setting the value it already has is a no-op even when shared', () => {
    expect(setScalar(text, 'api.image.tag', 'v1.2.3', 'a.yaml')).toBe(text);
  });

  it('a path through a merge key reaches the anchored map', () => {
    const hit = readScalar(text, 'api.image.tag', 'a.yaml');
    expect(hit).toMatchObject({ value: 'v1.2.3', line: 5, anchor: 'defaults' });
    expect(hit.shared).toMatchObject({
      through: 'merge',
      line: 2,
      usedBy: [
        { path: 'api.<<', line: 11 },
        { path: 'worker.<<', line: 15 },
      ],
    });
    const out = setScalar(text, 'worker.image.tag', 'v2.0.0', 'a.yaml', anyway);
    expect(out).toBe(spliceOn(text, 5, 'v1.2.3', 'v2.0.0'));
    expect(readScalar(out, 'api.image.tag', 'a.yaml').value).toBe('v2.0.0');
    expect(readScalar(out, 'worker.image.tag', 'a.yaml').value).toBe('v2.0.0');
    // explicit keys beside the merge are untouched
    expect(readScalar(out, 'worker.replicas', 'a.yaml').value).toBe('1');
  });

  it('an explicit key wins over a merged one, and is not shared', () => {
    const src = 'base: &b\n  tag: v1\napp:\n  <<: *b\n  tag: v9\n';
    expect(readScalar(src, 'app.tag', 'm.yaml')).toMatchObject({ value: 'v9', line: 5 });
    expect(readScalar(src, 'app.tag', 'm.yaml').anchor).toBeUndefined();
    expect(setScalar(src, 'app.tag', 'v10', 'm.yaml')).toBe('base: &b\n  tag: v1\napp:\n  <<: *b\n  tag: v10\n');
  });

  it('a path through a plain alias is refused, and edits the anchored node when asked', () => {
    const src = 'shared: &img\n  tag: v1 # c\nsidecar:\n  image: *img\n';
    expect(() => setScalar(src, 'sidecar.image.tag', 'v2', 's.yaml')).toThrow(/reached through the alias \*img.*used by sidecar\.image \(line 4\)/);
    expect(readScalar(src, 'sidecar.image.tag', 's.yaml').anchor).toBe('img');
    expect(setScalar(src, 'sidecar.image.tag', 'v2', 's.yaml', anyway)).toBe('shared: &img\n  tag: v2 # c\nsidecar:\n  image: *img\n');
  });

  it('a selector over aliased list items', () => {
    const src = 'p: &p {name: a, tag: v1}\nlist:\n  - *p\n  - {name: b, tag: v5}\n';
    expect(() => setScalar(src, 'list[name=a].tag', 'v2', 'l.yaml')).toThrow(/alias \*p.*used by list\[0\] \(line 3\)/);
    expect(setScalar(src, 'list[name=a].tag', 'v2', 'l.yaml', anyway)).toBe('p: &p {name: a, tag: v2}\nlist:\n  - *p\n  - {name: b, tag: v5}\n');
    // the unshared item is edited freely
    expect(setScalar(src, 'list[name=b].tag', 'v6', 'l.yaml')).toBe('p: &p {name: a, tag: v1}\nlist:\n  - *p\n  - {name: b, tag: v6}\n');
  });

  it('a redefined anchor name: only the aliases after the second definition use it', () => {
    const src = 'a: &x v1\nb: *x\nc: &x v2\nd: 1\n';
    expect(readScalar(src, 'c', 'r.yaml').anchor).toBeUndefined();
    expect(setScalar(src, 'c', 'v3', 'r.yaml')).toBe('a: &x v1\nb: *x\nc: &x v3\nd: 1\n');
    expect(() => setScalar(src, 'a', 'v3', 'r.yaml')).toThrow(/used by b \(line 2\)/);
  });
});

describe('other shapes', () => {
  it('an empty value (`tag:`) gets a value after a separating space', () => {
    const text = fixture('empty-tag.yaml');
    expect(readScalar(text, 'image.tag', 'e.yaml')).toMatchObject({ value: '', line: 3, style: 'plain' });
    const out = setScalar(text, 'image.tag', 'v1.3.0', 'e.yaml');
    expect(out).toBe(text.replace('  tag:\n', '  tag: v1.3.0\n'));
    expect(changedLines(text, out)).toEqual([3]);
  });

  it('empty values in other spots: before a comment, in a list, in a flow map, at the end of the file', () => {
    expect(setScalar('tag: # set by CI\nx: 1\n', 'tag', 'v2', 'e.yaml')).toBe('tag: v2 # set by CI\nx: 1\n');
    expect(setScalar('l:\n-\n- b\n', 'l[0]', 'v2', 'e.yaml')).toBe('l:\n- v2\n- b\n');
    expect(setScalar('m: {tag:}\n', 'm.tag', 'v2', 'e.yaml')).toBe('m: {tag: v2}\n');
    expect(setScalar('tag:\r\nx: 1\r\n', 'tag', 'v2', 'e.yaml')).toBe('tag: v2\r\nx: 1\r\n');
    expect(setScalar('tag:', 'tag', 'v2', 'e.yaml')).toBe('tag: v2');
  });

  it('a multi-line plain scalar becomes one line; only its bytes change', () => {
    const src = 'a: 1\nnote: first\n  second # c\nb: 2\n';
    expect(readScalar(src, 'note', 'm.yaml').value).toBe('first second');
    expect(setScalar(src, 'note', 'x', 'm.yaml')).toBe('a: 1\nnote: x # c\nb: 2\n');
  });

  it('an explicit !!str tag is kept', () => {
    const src = 'tag: !!str 1.10\n';
    const out = setScalar(src, 'tag', '1.11', 't.yaml');
    expect(out.startsWith('tag: !!str ')).toBe(true);
    expect(parse(out)).toEqual({ tag: '1.11' });
  });

  it('a digest set inside a flow list of images is quoted', () => {
    const text = fixture('kustomization-flow-images.yaml');
    const out = setScalar(text, 'images[name=ghcr.io/acme/payments].newTag', 'sha256:ab12', 'k.yaml');
    expect(out).toBe(spliceOn(text, 4, 'v1.2.3', '"sha256:ab12"'));
  });

  it('an explicit non-string tag is an InputError: values are set as strings', () => {
    for (const value of ['three', '4']) {
      expect(() => setScalar('replicas: !!int 3\n', 'replicas', value, 'r.yaml')).toThrow(
        /^r\.yaml:1:17: the value carries the explicit tag !!int, so it cannot hold the string "(three|4)" \(path replicas\)$/,
      );
    }
  });

  it('a custom tag (as in CloudFormation-style manifests) is kept', () => {
    expect(setScalar('image: !Sub v1 # c\n', 'image', 'v2', 't.yaml')).toBe('image: !Sub v2 # c\n');
  });

  it('block scalars are readable (but not writable)', () => {
    const hit = readScalar(fixture('block-scalar.yaml'), 'image.tag', 'b.yaml');
    expect(hit).toMatchObject({ value: 'v1.2.3', style: 'block', line: 3 });
  });

  it('the first document holding the path wins; later ones are untouched', () => {
    const text = fixture('multi-document.yaml');
    const out = setScalar(text, 'spec.template.spec.containers[0].image', 'ghcr.io/acme/payments:v9', 'm.yaml');
    expect(out).toContain('image: ghcr.io/acme/payments:v1.2.2\n...\n');
    expect(out.startsWith('%YAML 1.2\n---\n')).toBe(true);
    const docs = parseAllDocuments(out) as unknown as { toJS(): unknown }[];
    expect(docs).toHaveLength(4);
  });

  it('a top-level scalar document', () => {
    expect(() => readScalar('just text\n', 'a', 't.yaml')).toThrow(/the document root is the scalar "just text", not a map/);
  });

  it('keys that parse as non-strings match their text', () => {
    const src = 'ports:\n  8080: http\n  true: yes\n';
    expect(setScalar(src, 'ports.8080', 'grpc', 'p.yaml')).toBe('ports:\n  8080: grpc\n  true: yes\n');
    expect(readScalar(src, 'ports.true', 'p.yaml').value).toBe('yes');
  });
});

describe('diffManifest', () => {
  it('produces a unified diff with exactly the one changed line', () => {
    const text = fixture('helm-values.yaml');
    const out = setScalar(text, 'image.tag', 'v1.3.0', 'overlays/dev/values.yaml');
    expect(diffManifest(text, out, 'overlays/dev/values.yaml')).toBe(
      [
        '--- a/overlays/dev/values.yaml',
        '+++ b/overlays/dev/values.yaml',
        '@@ -6,7 +6,7 @@',
        ' image:',
        '   repository: ghcr.io/acme/payments',
        '   # Overrides the image tag whose default is the chart appVersion.',
        '-  tag: v1.2.3   # promoted by gitops-actions',
        '+  tag: v1.3.0   # promoted by gitops-actions',
        '   pullPolicy: IfNotPresent',
        ' ',
        ' imagePullSecrets: []',
        '',
      ].join('\n'),
    );
  });

  it('is empty when nothing changed', () => {
    const text = fixture('helm-values.yaml');
    expect(diffManifest(text, text, 'v.yaml')).toBe('');
  });

  it('keeps CRLF and marks a missing trailing newline', () => {
    const crlf = fixture('crlf-values.yaml');
    expect(diffManifest(crlf, setScalar(crlf, 'image.tag', 'v2', 'c.yaml'), 'c.yaml')).toContain('-  tag: v1.2.3\r\n+  tag: v2\r\n');
    const nonl = fixture('no-trailing-newline.yaml');
    const d = diffManifest(nonl, setScalar(nonl, 'image.tag', 'v2', 'n.yaml'), 'n.yaml');
    expect(d).toContain('-  tag: v1.2.3\n\\ No newline at end of file\n+  tag: v2\n\\ No newline at end of file\n');
  });
});

describe('ScalarHit.anchor', () => {
  it('names an anchored map on the way when something aliases it', () => {
    const src = 'base: &img\n  tag: v1\nother: *img\n';
    expect(readScalar(src, 'base.tag', 'a.yaml').anchor).toBe('img');
    expect(() => setScalar(src, 'base.tag', 'v2', 'a.yaml')).toThrow(
      /inside the anchored map &img, so it is shared: &img \(line 1\) is used by other \(line 3\)/,
    );
    expect(setScalar(src, 'base.tag', 'v2', 'a.yaml', { editAnchor: true })).toBe('base: &img\n  tag: v2\nother: *img\n');
  });

  it('stays unset for an anchor nothing refers to', () => {
    expect(readScalar('base: &img\n  tag: &t v1\n', 'base.tag', 'a.yaml').anchor).toBeUndefined();
    expect(readScalar(fixture('helm-values.yaml'), 'image.tag', 'v.yaml').anchor).toBeUndefined();
  });
});

describe('verifyEdit (the check setScalar relies on), applied to tampered results', () => {
  const text = fixture('helm-values.yaml');
  const good = setScalar(text, 'image.tag', 'v1.3.0', 'v.yaml');

  it('accepts the real edit', () => {
    expect(() => verifyEdit(text, good, 'image.tag', 'v1.3.0', 'v.yaml')).not.toThrow();
  });

  it.each([
    ['another value changed too', good.replace('port: 80', 'port: 81'), /changed bytes outside the scalar/],
    ['a comment changed', good.replace('# promoted by', '# edited by'), /changed bytes outside the scalar/],
    ['the line ending changed', good.replace('pullPolicy: IfNotPresent\n', 'pullPolicy: IfNotPresent\r\n'), /changed bytes outside the scalar/],
    ['the value is not the one asked for', text.replace('v1.2.3', 'v1.3.1'), /reads back as "v1\.3\.1"/],
    ['the value became a number', text.replace('v1.2.3', '1.30'), /reads back as 1\.3/],
    ['the path is gone', text.replace('  tag: v1.2.3', '  tog: v1.3.0'), /does not read back: .*key "tag" not found/],
  ])('refuses when %s', (_what, tampered, why) => {
    const value = 'v1.3.0';
    const run = () => verifyEdit(text, tampered, 'image.tag', value, 'v.yaml');
    expect(run).toThrow(ManifestVerifyError);
    expect(run).toThrow(why);
  });

  it('refuses a structural change hidden inside the scalar region', () => {
    // Same prefix and suffix, but the new "scalar" text smuggles in a new key.
    const tampered = text.replace('tag: v1.2.3   #', 'tag: v1.3.0\n  extra: 1   #');
    expect(() => verifyEdit(text, tampered, 'image.tag', 'v1.3.0', 'v.yaml')).toThrow(ManifestVerifyError);
  });
});
