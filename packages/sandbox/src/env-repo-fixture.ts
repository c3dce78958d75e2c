/** A realistic env repo (seeds/002 layout) in a bare repository: for tests, benches and the demo. */
import { createBareRepo } from './repos.js';
import type { ArgoSimApp } from './argocd/index.js';

export const GITOPS_YAML = `# yaml-language-server: $schema=https://example.invalid/gitops.schema.json
apps:
  payments:
    image: ghcr.io/acme/payments
    environments:
      dev:     { file: overlays/dev/payments/values.yaml, key: image.tag, mode: push, argocd: payments-dev }
      staging: { file: overlays/staging/payments/values.yaml, mode: pull-request, from: dev, argocd: payments-staging }
      prod:    { file: overlays/prod/payments/values.yaml, mode: pull-request, from: staging }
`;

export function valuesYaml(tag: string): string {
  return `# Helm values for payments
replicaCount: 2

image:
  repository: ghcr.io/acme/payments  # pushed by CI
  tag: "${tag}"
  pullPolicy: IfNotPresent

resources:
  limits: { cpu: 500m, memory: 256Mi }
`;
}

export function envRepoFiles(tags: { dev?: string; staging?: string; prod?: string } = {}): Record<string, string> {
  return {
    'gitops.yaml': GITOPS_YAML,
    'overlays/dev/payments/values.yaml': valuesYaml(tags.dev ?? 'v1.2.2'),
    'overlays/staging/payments/values.yaml': valuesYaml(tags.staging ?? 'v1.2.2'),
    'overlays/prod/payments/values.yaml': valuesYaml(tags.prod ?? 'v1.2.2'),
    'apps/dev/payments.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments-dev\n',
    'README.md': '# env repo\n',
  };
}

export async function createEnvRepo(root: string, name = 'acme/gitops-env', tags?: Parameters<typeof envRepoFiles>[0]): Promise<string> {
  return createBareRepo(root, name, envRepoFiles(tags));
}

/** The Argo CD applications that follow this env repo: payments-<env> per overlay; a "-bad" tag degrades. */
export function envRepoArgoApps(repo: string): ArgoSimApp[] {
  return ['dev', 'staging', 'prod'].map((env) => ({ name: `payments-${env}`, repo, path: `overlays/${env}/payments`, badTag: /-bad$/ }));
}
