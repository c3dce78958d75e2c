import { CONFIG_FILE, parseConfig } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';
import { DESIGN_EXAMPLE } from './fixtures.js';

/** The InputError thrown by parseConfig(text), or fail. */
function errorOf(text: string, file?: string): InputError {
  try {
    parseConfig(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    return err as InputError;
  }
  throw new Error('parseConfig accepted invalid input');
}

describe('parseConfig: valid configs', () => {
  test('CONFIG_FILE is gitops.yaml', () => {
    expect(CONFIG_FILE).toBe('gitops.yaml');
  });

  test('the DESIGN.md example', () => {
    expect(parseConfig(DESIGN_EXAMPLE)).toEqual({
      apps: {
        payments: {
          image: 'ghcr.io/acme/payments',
          environments: {
            dev: { file: 'overlays/dev/payments/values.yaml', key: 'image.tag', mode: 'push', argocd: 'payments-dev' },
            staging: { file: 'overlays/staging/payments/values.yaml', mode: 'pull-request', from: 'dev', argocd: 'payments-staging' },
            prod: { file: 'overlays/prod/payments/values.yaml', mode: 'pull-request', from: 'staging' },
          },
        },
      },
    });
  });

  test('block style, every field, comments, schema modeline, several apps', () => {
    const text = `# yaml-language-server: $schema=../schemas/gitops.schema.json
apps:
  payments:
    image: localhost:5000/acme/payments
    key: images[name=ghcr.io/acme/payments].newTag   # app default
    environments:
      dev:
        file: ./overlays/dev//payments/kustomization.yaml
        branch: env/dev
        argocd: { name: payments-dev, namespace: argocd, project: payments }
      prod:
        file: overlays/prod/payments/kustomization.yaml
        from: dev
        mode: pull-request
        flux: { kind: HelmRelease, name: payments, namespace: prod }
  orders:
    environments:
      dev: { file: orders/dev.yaml, flux: { kind: Kustomization, name: orders } }
`;
    const config = parseConfig(text);
    expect(Object.keys(config.apps)).toEqual(['payments', 'orders']);
    expect(config.apps.payments.key).toBe('images[name=ghcr.io/acme/payments].newTag');
    // file is normalised at load time
    expect(config.apps.payments.environments.dev.file).toBe('overlays/dev/payments/kustomization.yaml');
    expect(config.apps.payments.environments.dev.argocd).toEqual({ name: 'payments-dev', namespace: 'argocd', project: 'payments' });
    expect(config.apps.payments.environments.prod.flux).toEqual({ kind: 'HelmRelease', name: 'payments', namespace: 'prod' });
    expect(config.apps.orders.environments.dev.flux).toEqual({ kind: 'Kustomization', name: 'orders' });
  });

  test('anchors, aliases and merge keys', () => {
    const text = `apps:
  payments:
    environments:
      dev: &base { file: a.yaml, mode: pull-request, branch: main }
      staging:
        <<: *base
        file: b.yaml
        from: dev
`;
    const config = parseConfig(text);
    expect(config.apps.payments.environments.staging).toEqual({ file: 'b.yaml', mode: 'pull-request', branch: 'main', from: 'dev' });
  });

  test('a long linear from chain and branching (dev → qa and dev → staging → prod)', () => {
    const text = `apps:
  a:
    environments:
      prod: { file: p.yaml, from: staging }
      staging: { file: s.yaml, from: dev }
      qa: { file: q.yaml, from: dev }
      dev: { file: d.yaml }
`;
    expect(Object.keys(parseConfig(text).apps.a.environments)).toEqual(['prod', 'staging', 'qa', 'dev']);
  });

  test('CRLF line endings', () => {
    expect(parseConfig(DESIGN_EXAMPLE.replace(/\n/g, '\r\n')).apps.payments.environments.prod.from).toBe('staging');
  });
});

describe('parseConfig: schema errors point at the offending node', () => {
  const cases: [string, string, string, string | undefined][] = [
    [
      'bad mode (flow mapping)',
      `apps:
  payments:
    environments:
      staging: { file: s.yaml, mode: pushh }
`,
      'gitops.yaml:4:38: apps.payments.environments.staging.mode must be one of push, pull-request',
      'did you mean "push"?',
    ],
    [
      'bad mode (block mapping)',
      `apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev:
        file: d.yaml
        mode: pr
`,
      'gitops.yaml:7:15: apps.payments.environments.dev.mode must be one of push, pull-request',
      undefined,
    ],
    [
      'typo in environments',
      `apps:
  payments:
    enviroments:
      dev: { file: d.yaml }
`,
      // the typo is reported, not the "missing environments" it causes
      'gitops.yaml:3:5: apps.payments has unknown key "enviroments"',
      'did you mean "environments"?',
    ],
    [
      'unknown env key',
      `apps:
  payments:
    environments:
      dev:
        file: d.yaml
        brnach: main
`,
      'gitops.yaml:6:9: apps.payments.environments.dev has unknown key "brnach"',
      'did you mean "branch"?',
    ],
    [
      'unknown top-level key, listing allowed ones',
      `version: 1
apps:
  a:
    environments:
      dev: { file: d.yaml }
`,
      'gitops.yaml:1:1: gitops.yaml has unknown key "version"',
      'allowed keys: apps',
    ],
    [
      'missing file',
      `apps:
  payments:
    environments:
      dev: { mode: push }
`,
      'gitops.yaml:4:7: apps.payments.environments.dev is missing "file"',
      'add "file:" with the repository-relative path of the file holding the tag',
    ],
    [
      'environment is not a mapping',
      `apps:
  payments:
    environments:
      dev: overlays/dev.yaml
`,
      'gitops.yaml:4:12: apps.payments.environments.dev must be a mapping, got the string "overlays/dev.yaml"',
      undefined,
    ],
    [
      'empty value',
      `apps:
  payments:
    environments:
      dev:
        file:
`,
      'gitops.yaml:5:9: apps.payments.environments.dev.file must be a string, got nothing (an empty value)',
      undefined,
    ],
    [
      'number where a string is expected',
      `apps:
  payments:
    environments:
      dev: { file: d.yaml, branch: 123 }
`,
      'gitops.yaml:4:36: apps.payments.environments.dev.branch must be a string, got number 123',
      'quote the value',
    ],
    [
      'invalid app name',
      `apps:
  Payments_API:
    environments:
      dev: { file: d.yaml }
`,
      'gitops.yaml:2:3: app name "Payments_API" in apps is not valid',
      'use lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    ],
    [
      'invalid env name',
      `apps:
  payments:
    environments:
      dev: { file: d.yaml }
      -prod: { file: p.yaml }
`,
      'gitops.yaml:5:7: environment name "-prod" in apps.payments.environments is not valid',
      'use lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    ],
    [
      'argocd of the wrong type',
      `apps:
  payments:
    environments:
      dev: { file: d.yaml, argocd: [a, b] }
`,
      'gitops.yaml:4:36: apps.payments.environments.dev.argocd must be a string or a mapping, got a list',
      undefined,
    ],
    [
      'argocd mapping without name',
      `apps:
  payments:
    environments:
      dev:
        file: d.yaml
        argocd:
          namespace: argocd
`,
      'gitops.yaml:6:9: apps.payments.environments.dev.argocd is missing "name"',
      'add "name:"',
    ],
    [
      'argocd unknown key',
      `apps:
  payments:
    environments:
      dev:
        file: d.yaml
        argocd: { name: x, projet: p }
`,
      'gitops.yaml:6:28: apps.payments.environments.dev.argocd has unknown key "projet"',
      'did you mean "project"?',
    ],
    [
      'flux kind',
      `apps:
  payments:
    environments:
      dev:
        file: d.yaml
        flux: { kind: Helmrelease, name: payments }
`,
      'gitops.yaml:6:23: apps.payments.environments.dev.flux.kind must be one of Kustomization, HelmRelease',
      'did you mean "HelmRelease"?',
    ],
    [
      'image with a tag',
      `apps:
  payments:
    image: ghcr.io/acme/payments:v1.2.3
    environments:
      dev: { file: d.yaml }
`,
      'gitops.yaml:3:12: apps.payments.image must be an image repository without tag or digest, e.g. ghcr.io/acme/payments',
      'drop the ":tag" or "@digest"',
    ],
    [
      'empty key',
      `apps:
  payments:
    key: ""
    environments:
      dev: { file: d.yaml }
`,
      'gitops.yaml:3:10: apps.payments.key must not be empty',
      undefined,
    ],
    [
      'no apps',
      `apps: {}
`,
      'gitops.yaml:1:1: apps must list at least one app',
      'add "apps:" with one entry per app',
    ],
    [
      'no environments',
      `apps:
  payments:
    image: ghcr.io/acme/payments
    environments: {}
`,
      'gitops.yaml:4:5: apps.payments.environments must list at least one environment',
      'add "environments:" with one entry per environment, e.g. dev: { file: overlays/dev/values.yaml }',
    ],
    [
      'top level is a list',
      `- apps
`,
      'gitops.yaml:1:1: the top level must be a mapping, got a list',
      undefined,
    ],
    [
      'top level without apps',
      `# only a comment
releases: {}
`,
      'gitops.yaml:2:1: gitops.yaml is missing "apps" (and 1 more problem)',
      'add "apps:" with one entry per app',
    ],
    [
      'typo of apps',
      `# only a comment
aps:
  payments:
    environments:
      dev: { file: d.yaml }
`,
      'gitops.yaml:2:1: gitops.yaml has unknown key "aps"',
      'did you mean "apps"?',
    ],
  ];

  test.each(cases)('%s', (_name, text, message, fix) => {
    const err = errorOf(text);
    expect(err.message).toBe(message);
    expect(err.fix).toBe(fix);
  });

  test('the file name given is the one in the message', () => {
    expect(errorOf('apps: {}\n', 'envs/gitops.yaml').message).toMatch(/^envs\/gitops\.yaml:1:1: /);
  });

  test('an error inside an anchored node points at the anchor', () => {
    const text = `apps:
  payments:
    environments:
      dev: &base { file: a.yaml, mode: bogus }
      staging: *base
`;
    expect(errorOf(text).message).toMatch(/^gitops\.yaml:4:40: apps\.payments\.environments\.(dev|staging)\.mode must be one of/);
  });
});

describe('parseConfig: invalid YAML', () => {
  test.each([
    ['unclosed quote', 'apps:\n  payments:\n    image: "ghcr.io\n', 'gitops.yaml:4:1: invalid YAML: '],
    [
      'duplicate key',
      'apps:\n  a:\n    environments:\n      dev: { file: a }\n      dev: { file: b }\n',
      'gitops.yaml:5:7: invalid YAML: Map keys must be unique',
    ],
    ['tab indentation', 'apps:\n\tpayments: {}\n', 'gitops.yaml:2:1: invalid YAML: '],
    ['nested compact mapping', 'apps: payments: x\n', 'gitops.yaml:1:7: invalid YAML: Nested mappings are not allowed in compact mappings'],
    ['two documents', 'apps: {}\n---\napps: {}\n', 'gitops.yaml:2:1: gitops.yaml must hold a single YAML document'],
  ])('%s', (_name, text, prefix) => {
    const err = errorOf(text);
    expect(err.message.startsWith(prefix)).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  test('unresolved alias', () => {
    expect(errorOf('apps:\n  a:\n    environments: *nope\n').message).toMatch(/^gitops\.yaml:3:19: invalid YAML: /);
  });

  test('empty file and comment-only file', () => {
    expect(errorOf('').message).toBe('gitops.yaml:1:1: gitops.yaml is empty');
    expect(errorOf('# nothing yet\n').message).toBe('gitops.yaml:1:1: gitops.yaml is empty');
  });
});

describe('parseConfig: checks beyond the schema', () => {
  test('from names an unknown environment', () => {
    const err = errorOf(`apps:
  payments:
    environments:
      dev: { file: d.yaml }
      staging: { file: s.yaml, from: dve }
`);
    expect(err.message).toBe('gitops.yaml:5:38: apps.payments.environments.staging.from names "dve", which is not an environment of app payments');
    expect(err.fix).toBe('use one of: dev');
  });

  test('from names an environment of another app', () => {
    const err = errorOf(`apps:
  a:
    environments:
      dev: { file: d.yaml }
  b:
    environments:
      qa: { file: q.yaml }
      prod: { file: p.yaml, from: dev }
`);
    expect(err.message).toBe('gitops.yaml:8:35: apps.b.environments.prod.from names "dev", which is not an environment of app b');
    expect(err.fix).toBe('use one of: qa');
  });

  test('from itself', () => {
    const err = errorOf(`apps:
  a:
    environments:
      dev: { file: d.yaml, from: dev }
`);
    expect(err.message).toBe('gitops.yaml:4:34: apps.a.environments.dev.from makes a cycle in the promotion order: dev ← dev');
  });

  test('a three-environment cycle', () => {
    const err = errorOf(`apps:
  a:
    environments:
      dev: { file: d.yaml, from: prod }
      staging: { file: s.yaml, from: dev }
      prod: { file: p.yaml, from: staging }
`);
    expect(err.message).toBe('gitops.yaml:4:34: apps.a.environments.dev.from makes a cycle in the promotion order: dev ← prod ← staging ← dev');
    expect(err.fix).toBe('the first environment of the promotion order must have no "from"');
  });

  test('a cycle reached from outside it', () => {
    const err = errorOf(`apps:
  a:
    environments:
      qa: { file: q.yaml, from: dev }
      dev: { file: d.yaml, from: staging }
      staging: { file: s.yaml, from: dev }
`);
    expect(err.message).toBe('gitops.yaml:5:34: apps.a.environments.dev.from makes a cycle in the promotion order: dev ← staging ← dev');
  });

  test('key must be a valid YAML path (DESIGN.md syntax)', () => {
    const env = errorOf(`apps:
  a:
    environments:
      dev: { file: d.yaml, key: "images[name=x" }
`);
    expect(env.message).toMatch(/^gitops\.yaml:4:33: apps\.a\.environments\.dev\.key: /);
    const app = errorOf(`apps:
  a:
    key: image..tag
    environments:
      dev: { file: d.yaml }
`);
    expect(app.message).toMatch(/^gitops\.yaml:3:10: apps\.a\.key: /);
  });

  test.each([
    ['../x', '"../x" leaves the repository'],
    ['/etc/passwd', '"/etc/passwd" is absolute'],
    ['a/../../b', '"a/../../b" leaves the repository'],
    ['a\\\\b', '"a\\\\b" uses "\\"'],
    ['.git/config', '".git/config" points into .git'],
  ])('file %s', (file, problem) => {
    const err = errorOf(`apps:
  a:
    environments:
      dev:
        file: "${file}"
`);
    expect(err.message).toBe(`gitops.yaml:5:15: apps.a.environments.dev.file ${problem}`);
  });
});
