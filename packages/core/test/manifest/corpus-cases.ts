/** The corpus cases: fixture, YAML path, where the old scalar stands, and the exact new bytes. */
import type { ScalarStyle } from '../../src/manifest/edit.js';

export interface Case {
  file: string;
  path: string;
  /** 1-based line of the old scalar. */
  line: number;
  /** The old scalar's exact source text. */
  old: string;
  /** What readScalar reports before the edit. */
  read: string;
  style: ScalarStyle;
  docIndex?: number;
  value: string;
  /** The new scalar's exact source text. */
  expected: string;
  /** The anchor through which the scalar is shared: setScalar refuses unless editAnchor is set. */
  shared?: string;
}

export const cases: Case[] = [
  { file: 'helm-values.yaml', path: 'image.tag', line: 9, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'helm-values.yaml', path: 'replicaCount', line: 4, old: '2', read: '2', style: 'plain', value: 'v2', expected: 'v2' },
  { file: 'helm-values.yaml', path: 'nameOverride', line: 13, old: '""', read: '', style: 'double', value: 'pay', expected: '"pay"' },
  { file: 'helm-values-anchors.yaml', path: 'migrations.image.tag', line: 22, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0', shared: 'migTag' },
  { file: 'helm-values-anchors.yaml', path: 'appVersion', line: 8, old: '"1.2.3"', read: '1.2.3', style: 'double', value: '1.3.0', expected: '"1.3.0"', shared: 'appVersion' },
  { file: 'helm-values-anchors.yaml', path: 'api.image.tag', line: 5, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0', shared: 'defaults' },
  { file: 'helm-values-double-quoted.yaml', path: 'image.tag', line: 3, old: '"v1.2.3"', read: 'v1.2.3', style: 'double', value: 'v1.3.0', expected: '"v1.3.0"' },
  { file: 'helm-values-double-quoted.yaml', path: 'image.tag', line: 3, old: '"v1.2.3"', read: 'v1.2.3', style: 'double', value: 'say "hi" \\o/', expected: '"say \\"hi\\" \\\\o/"' },
  { file: 'helm-values-single-quoted.yaml', path: 'image.tag', line: 3, old: "'v1.2.3'", read: 'v1.2.3', style: 'single', value: 'v1.3.0', expected: "'v1.3.0'" },
  { file: 'helm-values-single-quoted.yaml', path: 'image.tag', line: 3, old: "'v1.2.3'", read: 'v1.2.3', style: 'single', value: "it's", expected: "'it''s'" },
  { file: 'helm-values-numeric-tag.yaml', path: 'image.tag', line: 4, old: '1.10', read: '1.10', style: 'plain', value: '1.11', expected: '"1.11"' },
  { file: 'helm-values-numeric-tag.yaml', path: 'image.tag', line: 4, old: '1.10', read: '1.10', style: 'plain', value: 'v1.11', expected: 'v1.11' },
  { file: 'helm-values-flow.yaml', path: 'image.tag', line: 1, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'helm-values-flow.yaml', path: 'image.tag', line: 1, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'a,b', expected: '"a,b"' },
  { file: 'helm-values-flow.yaml', path: 'ports[1]', line: 2, old: '9090', read: '9090', style: 'plain', value: 'http', expected: 'http' },
  { file: 'kustomization.yaml', path: 'images[name=ghcr.io/acme/payments].newTag', line: 11, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'kustomization.yaml', path: 'images[name="ghcr.io/acme/payments-worker"].newTag', line: 14, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0-rc.4f2a9c1', expected: 'v1.3.0-rc.4f2a9c1' },
  {
    file: 'kustomization.yaml',
    path: 'images[name=docker.io/library/redis].digest',
    line: 16,
    old: 'sha256:0bc5b1c0f4d3a2e5c3b1c9a8f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c4b',
    read: 'sha256:0bc5b1c0f4d3a2e5c3b1c9a8f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c4b',
    style: 'plain',
    value: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
    expected: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
  },
  { file: 'kustomization-flow-images.yaml', path: 'images[name=ghcr.io/acme/gateway].newTag', line: 4, old: 'v0.9.0', read: 'v0.9.0', style: 'plain', value: 'v0.10.0', expected: 'v0.10.0' },
  { file: 'argocd-application.yaml', path: 'spec.source.targetRevision', line: 12, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'argocd-application-helm-params.yaml', path: 'spec.source.helm.parameters[name=image.tag].value', line: 18, old: '"v1.2.3"', read: 'v1.2.3', style: 'double', value: 'v1.3.0', expected: '"v1.3.0"' },
  { file: 'argocd-application-helm-params.yaml', path: 'spec.source.targetRevision', line: 11, old: '0.4.1', read: '0.4.1', style: 'plain', value: '0.5.0', expected: '0.5.0' },
  { file: 'flux-helmrelease.yaml', path: 'spec.values.image.tag', line: 21, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'deployment.yaml', path: 'spec.template.spec.containers[0].image', line: 20, old: 'ghcr.io/acme/payments:v1.2.3', read: 'ghcr.io/acme/payments:v1.2.3', style: 'plain', value: 'ghcr.io/acme/payments:v1.3.0', expected: 'ghcr.io/acme/payments:v1.3.0' },
  { file: 'deployment.yaml', path: 'spec.template.spec.containers[name=envoy].image', line: 24, old: 'envoyproxy/envoy:v1.30.1', read: 'envoyproxy/envoy:v1.30.1', style: 'plain', value: 'envoyproxy/envoy:v1.31.0', expected: 'envoyproxy/envoy:v1.31.0' },
  { file: 'deployment.yaml', path: 'metadata.labels["app.kubernetes.io/version"]', line: 7, old: '"v1.2.3"', read: 'v1.2.3', style: 'double', value: 'v1.3.0', expected: '"v1.3.0"' },
  { file: 'multi-document.yaml', path: 'spec.template.spec.containers[0].image', line: 27, old: 'ghcr.io/acme/payments:v1.2.3', read: 'ghcr.io/acme/payments:v1.2.3', style: 'plain', docIndex: 2, value: 'ghcr.io/acme/payments:v1.3.0', expected: 'ghcr.io/acme/payments:v1.3.0' },
  { file: 'multi-document.yaml', path: 'data.LOG_LEVEL', line: 15, old: 'info', read: 'info', style: 'plain', docIndex: 1, value: 'debug', expected: 'debug' },
  { file: 'multi-document.yaml', path: 'metadata.name', line: 7, old: 'payments', read: 'payments', style: 'plain', docIndex: 0, value: 'payments-v2', expected: 'payments-v2' },
  { file: 'crlf-values.yaml', path: 'image.tag', line: 4, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'crlf-values.yaml', path: 'podAnnotations.team', line: 8, old: 'payments', read: 'payments', style: 'plain', value: 'yes', expected: '"yes"' },
  { file: 'no-trailing-newline.yaml', path: 'image.tag', line: 3, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'bom-values.yaml', path: 'image.tag', line: 3, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'bom-top-level.yaml', path: 'tag', line: 1, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'trailing-whitespace.yaml', path: 'image.tag', line: 3, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'labels.yaml', path: 'metadata.labels["app.kubernetes.io/version"]', line: 7, old: 'v1.2.3', read: 'v1.2.3', style: 'plain', value: 'v1.3.0', expected: 'v1.3.0' },
  { file: 'labels.yaml', path: "metadata.labels['helm.sh/chart']", line: 8, old: 'payments-0.4.1', read: 'payments-0.4.1', style: 'plain', value: 'payments-0.5.0', expected: 'payments-0.5.0' },
  { file: 'umbrella-values.yaml', path: 'gateway.image.tag', line: 14, old: 'v0.9.0', read: 'v0.9.0', style: 'plain', value: 'v0.10.0', expected: 'v0.10.0' },
];

