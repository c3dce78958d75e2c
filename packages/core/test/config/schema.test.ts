import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../src/config/load.js';
import { DESIGN_EXAMPLE } from './fixtures.js';

// The shipped file (what load.ts validates with and editors get through `# yaml-language-server: $schema=…`).
const shipped = CONFIG_SCHEMA as Record<string, unknown>;

function validatorOf(schema: Record<string, unknown>) {
  return new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);
}

describe('config/gitops.schema.json', () => {
  test('is a draft-07 schema that compiles in strict mode', () => {
    expect(shipped.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => validatorOf(shipped)).not.toThrow();
  });

  test('accepts the DESIGN.md example', () => {
    const validate = validatorOf(shipped);
    expect(validate(parse(DESIGN_EXAMPLE))).toBe(true);
    expect(validate.errors).toBeNull();
  });

  test('rejects a typo key (enviroments)', () => {
    const validate = validatorOf(shipped);
    const typo = parse(DESIGN_EXAMPLE.replace('environments:', 'enviroments:'));
    expect(validate(typo)).toBe(false);
    expect(validate.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instancePath: '/apps/payments',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'enviroments' },
        }),
      ]),
    );
  });

  test.each([
    ['unknown env key', (c: any) => (c.apps.payments.environments.dev.tag = 'v1')],
    ['unknown argocd key', (c: any) => (c.apps.payments.environments.dev.argocd = { name: 'x', server: 'y' })],
    ['unknown flux key', (c: any) => (c.apps.payments.environments.dev.flux = { kind: 'Kustomization', name: 'x', ns: 'y' })],
    ['unknown top-level key', (c: any) => (c.version = 1)],
    ['bad mode', (c: any) => (c.apps.payments.environments.dev.mode = 'merge')],
    ['bad flux kind', (c: any) => (c.apps.payments.environments.dev.flux = { kind: 'GitRepository', name: 'x' })],
    ['uppercase app name', (c: any) => (c.apps.Payments = c.apps.payments)],
    ['env name with a dot', (c: any) => (c.apps.payments.environments['prod.eu'] = { file: 'x.yaml' })],
    ['env name longer than 63', (c: any) => (c.apps.payments.environments['e'.repeat(64)] = { file: 'x.yaml' })],
    ['image with a digest', (c: any) => (c.apps.payments.image = 'ghcr.io/acme/payments@sha256:abc')],
  ])('rejects %s', (_name, mutate) => {
    const config = parse(DESIGN_EXAMPLE);
    mutate(config);
    expect(validatorOf(shipped)(config)).toBe(false);
  });

  test('accepts argocd as a mapping, flux without namespace, a registry with a port', () => {
    const config = parse(DESIGN_EXAMPLE);
    config.apps.payments.image = 'localhost:5000/acme/payments';
    config.apps.payments.key = 'images[name=ghcr.io/acme/payments].newTag';
    config.apps.payments.environments.dev.argocd = { name: 'payments-dev', namespace: 'argocd', project: 'default' };
    config.apps.payments.environments.prod.flux = { kind: 'HelmRelease', name: 'payments' };
    config.apps.payments.environments.prod.branch = 'release/prod';
    expect(validatorOf(shipped)(config)).toBe(true);
  });

  test('every property carries a description (editor completion)', () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [name, sub] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
        if (!(sub as { description?: string }).description) missing.push(`${where}.${name}`);
        walk(sub, `${where}.${name}`);
      }
      for (const [name, sub] of Object.entries((n.definitions as Record<string, unknown>) ?? {})) {
        if (!(sub as { description?: string }).description) missing.push(`#/definitions/${name}`);
        walk(sub, `#/definitions/${name}`);
      }
      if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${where}.*`);
    };
    walk(shipped, '');
    expect(missing).toEqual([]);
    expect(typeof shipped.description).toBe('string');
  });
});
