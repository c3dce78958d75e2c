import { InputError } from '../../src/errors.js';
import { formatPath, parsePath, type PathSegment } from '../../src/manifest/path.js';

describe('parsePath', () => {
  const ok: [string, PathSegment[]][] = [
    [
      'image.tag',
      [
        { kind: 'key', key: 'image' },
        { kind: 'key', key: 'tag' },
      ],
    ],
    ['tag', [{ kind: 'key', key: 'tag' }]],
    [
      'spec.template.spec.containers[0].image',
      [
        { kind: 'key', key: 'spec' },
        { kind: 'key', key: 'template' },
        { kind: 'key', key: 'spec' },
        { kind: 'key', key: 'containers' },
        { kind: 'index', index: 0 },
        { kind: 'key', key: 'image' },
      ],
    ],
    [
      'images[name=ghcr.io/acme/payments].newTag',
      [
        { kind: 'key', key: 'images' },
        { kind: 'select', key: 'name', value: 'ghcr.io/acme/payments' },
        { kind: 'key', key: 'newTag' },
      ],
    ],
    [
      'images[name=registry.example.com:5000/acme/payments].digest',
      [
        { kind: 'key', key: 'images' },
        { kind: 'select', key: 'name', value: 'registry.example.com:5000/acme/payments' },
        { kind: 'key', key: 'digest' },
      ],
    ],
    [
      'images[name="ghcr.io/acme/payments"].newTag',
      [
        { kind: 'key', key: 'images' },
        { kind: 'select', key: 'name', value: 'ghcr.io/acme/payments' },
        { kind: 'key', key: 'newTag' },
      ],
    ],
    [
      "images[name='a]b'].newTag",
      [
        { kind: 'key', key: 'images' },
        { kind: 'select', key: 'name', value: 'a]b' },
        { kind: 'key', key: 'newTag' },
      ],
    ],
    [
      'spec.source.helm.parameters[name=image.tag].value',
      [
        { kind: 'key', key: 'spec' },
        { kind: 'key', key: 'source' },
        { kind: 'key', key: 'helm' },
        { kind: 'key', key: 'parameters' },
        { kind: 'select', key: 'name', value: 'image.tag' },
        { kind: 'key', key: 'value' },
      ],
    ],
    [
      'metadata.labels["app.kubernetes.io/version"]',
      [
        { kind: 'key', key: 'metadata' },
        { kind: 'key', key: 'labels' },
        { kind: 'key', key: 'app.kubernetes.io/version' },
      ],
    ],
    [
      "metadata.labels['helm.sh/chart']",
      [
        { kind: 'key', key: 'metadata' },
        { kind: 'key', key: 'labels' },
        { kind: 'key', key: 'helm.sh/chart' },
      ],
    ],
    [
      '["a.b"].c',
      [
        { kind: 'key', key: 'a.b' },
        { kind: 'key', key: 'c' },
      ],
    ],
    [
      'a["say \\"hi\\""]',
      [
        { kind: 'key', key: 'a' },
        { kind: 'key', key: 'say "hi"' },
      ],
    ],
    [
      "a['it''s']",
      [
        { kind: 'key', key: 'a' },
        { kind: 'key', key: "it's" },
      ],
    ],
    [
      'm[0][1]',
      [
        { kind: 'key', key: 'm' },
        { kind: 'index', index: 0 },
        { kind: 'index', index: 1 },
      ],
    ],
    [
      'list[ name = x ].v',
      [
        { kind: 'key', key: 'list' },
        { kind: 'select', key: 'name', value: 'x' },
        { kind: 'key', key: 'v' },
      ],
    ],
  ];
  it.each(ok)('parses %s', (path, want) => {
    expect(parsePath(path)).toEqual(want);
  });

  it.each(ok)('formatPath round-trips %s', (path) => {
    const segs = parsePath(path);
    expect(parsePath(formatPath(segs))).toEqual(segs);
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['.image', /empty key/],
    ['image..tag', /empty key/],
    ['image.tag.', /ends with a dot/],
    ['containers[0', /missing '\]'/],
    ['containers[]', /empty brackets/],
    ['containers[-1]', /negative/],
    ['containers[x]', /not a list index/],
    ['images[name=]', /has no value/],
    ['images[=x]', /needs a key/],
    ['a["unterminated]', /unterminated/],
    ['a[0]b', /expected '\.' or '\['/],
    ['a.[0]', /followed by a key/],
    ['a]b', /unexpected '\]'/],
    ['a["x" y]', /expected '\]'/],
    ['a["\\n"]', /escapes/],
  ];
  it.each(bad)('rejects %j with an InputError naming the path', (path, why) => {
    let err: unknown;
    try {
      parsePath(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(why);
    expect(e.message).toContain(JSON.stringify(path));
    expect(e.message).not.toContain('\n');
  });
});
