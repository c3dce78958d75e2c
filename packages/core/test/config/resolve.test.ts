import { parseConfig } from '../../src/config/load.js';
import { listEnvironments, previousEnv, resolveTarget } from '../../src/config/resolve.js';
import type { GitopsConfig } from '../../src/config/types.js';
import { InputError } from '../../src/errors.js';
import { DESIGN_EXAMPLE } from './fixtures.js';

const design = parseConfig(DESIGN_EXAMPLE);

const full = parseConfig(`apps:
  payments:
    image: ghcr.io/acme/payments
    key: images[name=ghcr.io/acme/payments].newTag
    environments:
      dev:
        file: overlays/dev/kustomization.yaml
        argocd: { name: payments-dev, namespace: apps, project: payments }
      staging:
        file: overlays/staging/kustomization.yaml
        key: spec.values.image.tag
        branch: env/staging
        mode: pull-request
        from: dev
        flux: { kind: HelmRelease, name: payments }
      prod:
        file: overlays/prod/kustomization.yaml
        from: staging
        flux: { kind: Kustomization, name: payments-prod, namespace: prod }
  orders:
    environments:
      dev: { file: orders/dev.yaml }
`);

function rejection(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('resolveTarget from gitops.yaml', () => {
  test('DESIGN.md example: dev', () => {
    expect(resolveTarget(design, 'payments', 'dev', {})).toEqual({
      app: 'payments',
      env: 'dev',
      image: 'ghcr.io/acme/payments',
      file: 'overlays/dev/payments/values.yaml',
      key: 'image.tag',
      mode: 'push',
      branch: 'main',
      argocd: { name: 'payments-dev' },
    });
  });

  test('DESIGN.md example: staging and prod', () => {
    expect(resolveTarget(design, 'payments', 'staging', {})).toEqual({
      app: 'payments',
      env: 'staging',
      image: 'ghcr.io/acme/payments',
      file: 'overlays/staging/payments/values.yaml',
      key: 'image.tag',
      mode: 'pull-request',
      branch: 'main',
      from: 'dev',
      argocd: { name: 'payments-staging' },
    });
    const prod = resolveTarget(design, 'payments', 'prod', {});
    expect(prod.from).toBe('staging');
    expect(prod.argocd).toBeUndefined();
    expect(prod.flux).toBeUndefined();
    expect('argocd' in prod).toBe(false);
  });

  test('app-level key is the default, env key wins over it', () => {
    expect(resolveTarget(full, 'payments', 'dev', {}).key).toBe('images[name=ghcr.io/acme/payments].newTag');
    expect(resolveTarget(full, 'payments', 'staging', {}).key).toBe('spec.values.image.tag');
  });

  test('argocd mapping, flux with and without namespace, branch', () => {
    expect(resolveTarget(full, 'payments', 'dev', {}).argocd).toEqual({ name: 'payments-dev', namespace: 'apps', project: 'payments' });
    const staging = resolveTarget(full, 'payments', 'staging', {});
    expect(staging.flux).toEqual({ kind: 'HelmRelease', name: 'payments', namespace: 'flux-system' });
    expect(staging.branch).toBe('env/staging');
    expect(resolveTarget(full, 'payments', 'prod', {}).flux).toEqual({ kind: 'Kustomization', name: 'payments-prod', namespace: 'prod' });
  });

  test('an app without image has no image', () => {
    const t = resolveTarget(full, 'orders', 'dev', {});
    expect(t.image).toBeUndefined();
    expect(t).toEqual({ app: 'orders', env: 'dev', file: 'orders/dev.yaml', key: 'image.tag', mode: 'push', branch: 'main' });
  });

  test('does not share objects with the config', () => {
    const t = resolveTarget(full, 'payments', 'dev', {});
    t.argocd!.name = 'changed';
    expect(resolveTarget(full, 'payments', 'dev', {}).argocd!.name).toBe('payments-dev');
  });
});

describe('overrides win over gitops.yaml', () => {
  test('every override', () => {
    const t = resolveTarget(full, 'payments', 'staging', {
      file: './other/values.yaml',
      key: 'image.tag',
      mode: 'push',
      branch: 'hotfix',
      image: 'registry.example.com/payments',
      from: 'prod',
    });
    expect(t).toMatchObject({
      file: 'other/values.yaml',
      key: 'image.tag',
      mode: 'push',
      branch: 'hotfix',
      image: 'registry.example.com/payments',
      from: 'prod',
    });
    // what has no flag still comes from gitops.yaml
    expect(t.flux).toEqual({ kind: 'HelmRelease', name: 'payments', namespace: 'flux-system' });
  });

  test('each override alone, the rest from gitops.yaml', () => {
    const base = resolveTarget(full, 'payments', 'staging', {});
    expect(resolveTarget(full, 'payments', 'staging', { mode: 'push' })).toEqual({ ...base, mode: 'push' });
    expect(resolveTarget(full, 'payments', 'staging', { key: 'a.b' })).toEqual({ ...base, key: 'a.b' });
    expect(resolveTarget(full, 'payments', 'staging', { branch: 'main' })).toEqual({ ...base, branch: 'main' });
    expect(resolveTarget(full, 'payments', 'staging', { file: 'x.yaml' })).toEqual({ ...base, file: 'x.yaml' });
  });

  test('empty-string overrides (GitHub inputs left out) count as not given', () => {
    const base = resolveTarget(full, 'payments', 'staging', {});
    expect(resolveTarget(full, 'payments', 'staging', { file: '', key: '', branch: '', image: '', from: '', mode: '' as never })).toEqual(base);
  });

  test('--from must be an environment of the app', () => {
    const err = rejection(() => resolveTarget(full, 'payments', 'prod', { from: 'qa' }));
    expect(err.message).toBe('--from "qa" is not an environment of app payments');
    expect(err.fix).toBe('use one of: dev, staging, prod');
  });

  test('--file is checked like every repo path', () => {
    expect(rejection(() => resolveTarget(full, 'payments', 'dev', { file: '../x' })).message).toBe('--file "../x" leaves the repository');
    expect(rejection(() => resolveTarget(null, 'payments', 'dev', { file: '/etc/passwd' })).message).toBe('--file "/etc/passwd" is absolute');
  });

  test('an invalid --mode or --branch', () => {
    expect(rejection(() => resolveTarget(full, 'payments', 'dev', { mode: 'merge' as never })).message).toBe(
      '--mode must be one of push, pull-request, got "merge"',
    );
    for (const branch of ['-x', 'a..b', 'a b', 'x.lock', 'a:b', 'refs/heads/', '.hidden']) {
      expect(rejection(() => resolveTarget(full, 'payments', 'dev', { branch })).message).toBe(`--branch ${JSON.stringify(branch)} is not a valid branch name`);
    }
    expect(resolveTarget(full, 'payments', 'dev', { branch: 'release/2024-06' }).branch).toBe('release/2024-06');
  });
});

describe('resolveTarget without gitops.yaml', () => {
  test('file from flags, defaults for the rest', () => {
    expect(resolveTarget(null, 'payments', 'dev', { file: 'apps/payments/dev.yaml' })).toEqual({
      app: 'payments',
      env: 'dev',
      file: 'apps/payments/dev.yaml',
      key: 'image.tag',
      mode: 'push',
      branch: 'main',
    });
  });

  test('all flags', () => {
    expect(
      resolveTarget(null, 'payments', 'prod', {
        file: 'p.yaml',
        key: 'spec.tag',
        mode: 'pull-request',
        branch: 'prod',
        image: 'ghcr.io/acme/payments',
        from: 'staging',
      }),
    ).toEqual({
      app: 'payments',
      env: 'prod',
      file: 'p.yaml',
      key: 'spec.tag',
      mode: 'pull-request',
      branch: 'prod',
      image: 'ghcr.io/acme/payments',
      from: 'staging',
    });
  });

  test('no file: says to pass --file and --key or add gitops.yaml', () => {
    const err = rejection(() => resolveTarget(null, 'payments', 'dev', { key: 'image.tag' }));
    expect(err.message).toBe('no gitops.yaml in the env repo and no --file: cannot tell which file holds the tag of payments in dev');
    expect(err.fix).toBe('pass --file and --key or add gitops.yaml');
  });
});

describe('unknown app or env', () => {
  test('unknown app lists the known apps and names --app', () => {
    const err = rejection(() => resolveTarget(full, 'paymnets', 'dev', {}));
    expect(err.message).toBe('--app "paymnets" is not in gitops.yaml (known apps: payments, orders)');
    expect(err.fix).toBe('pass one of the known apps to --app, or add apps.paymnets to gitops.yaml');
  });

  test("unknown env lists the app's environments and names --env", () => {
    const err = rejection(() => resolveTarget(full, 'orders', 'staging', {}));
    expect(err.message).toBe('--env "staging" is not an environment of app orders in gitops.yaml (known environments: dev)');
    expect(err.fix).toBe('pass one of the known environments to --env, or add apps.orders.environments.staging to gitops.yaml');
  });

  test('flags do not rescue an unknown app or env when gitops.yaml exists', () => {
    expect(() => resolveTarget(design, 'orders', 'dev', { file: 'x.yaml' })).toThrow(InputError);
    expect(() => resolveTarget(design, 'payments', 'qa', { file: 'x.yaml' })).toThrow(InputError);
  });

  test('inherited object keys are not apps or envs', () => {
    expect(() => resolveTarget(design, 'constructor', 'dev', {})).toThrow(InputError);
    expect(() => resolveTarget(design, 'payments', 'toString', {})).toThrow(InputError);
    expect(() => resolveTarget(design, '__proto__', 'dev', {})).toThrow(InputError);
  });

  test('missing or unsafe --app / --env', () => {
    expect(rejection(() => resolveTarget(null, '', 'dev', { file: 'x' })).message).toBe('--app is required');
    expect(rejection(() => resolveTarget(null, 'payments', ' ', { file: 'x' })).message).toBe('--env is required');
    expect(rejection(() => resolveTarget(null, 'pay ments', 'dev', { file: 'x' })).message).toBe('--app "pay ments" is not a valid app name');
    expect(rejection(() => resolveTarget(null, 'payments', '../dev', { file: 'x' })).message).toBe('--env "../dev" is not a valid environment name');
  });

  test('a hand-built config without file', () => {
    const config: GitopsConfig = { apps: { a: { environments: { dev: {} } } } };
    expect(rejection(() => resolveTarget(config, 'a', 'dev', {})).fix).toBe('pass --file or add "file:" to apps.a.environments.dev in gitops.yaml');
    expect(resolveTarget(config, 'a', 'dev', { file: 'x.yaml' }).file).toBe('x.yaml');
  });
});

describe('listEnvironments and previousEnv', () => {
  test('environments in gitops.yaml order', () => {
    expect(listEnvironments(design, 'payments')).toEqual(['dev', 'staging', 'prod']);
    expect(listEnvironments(full, 'orders')).toEqual(['dev']);
    expect(listEnvironments(null, 'payments')).toEqual([]);
    expect(rejection(() => listEnvironments(design, 'orders')).message).toMatch(/^--app "orders" is not in gitops.yaml/);
  });

  test('previousEnv returns from', () => {
    expect(previousEnv(design, 'payments', 'dev')).toBeUndefined();
    expect(previousEnv(design, 'payments', 'staging')).toBe('dev');
    expect(previousEnv(design, 'payments', 'prod')).toBe('staging');
    expect(previousEnv(null, 'payments', 'prod')).toBeUndefined();
    expect(rejection(() => previousEnv(design, 'payments', 'qa')).message).toMatch(/^--env "qa" is not an environment/);
  });
});
