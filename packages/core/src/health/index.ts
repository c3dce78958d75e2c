/** Health gates: Argo CD, Flux (Kubernetes API), HTTP. */
import { ArgoCdGate, type ArgoCdGateOptions } from './argocd.js';
import { FluxGate, type FluxGateOptions } from './flux.js';
import { HttpGate, type HttpGateOptions } from './http.js';
import type { HealthGate } from './types.js';

export * from './types.js';
export * from './revision.js';
export { ArgoCdGate, evaluateArgoApp, argoStateOf, reportedArgoRevisions } from './argocd.js';
export type { ArgoCdGateOptions, ArgoApplication, ArgoEvalOptions, ArgoEvalMemory } from './argocd.js';
export { FluxGate, evaluateFluxObject, fluxStateOf, reportedFluxRevisions, FLUX_KINDS, RECONCILE_ANNOTATION, TERMINAL_REASONS } from './flux.js';
export type { FluxGateOptions, FluxKind, FluxObject, FluxCondition, FluxEvalOptions, FluxRetries, HelmRemediationSpec } from './flux.js';
export { helmFailureOf, describeHelmFailure, parseHelmMessage } from './helm-remediation.js';
export type { HelmFailure, HelmRemediation, HelmAction } from './helm-remediation.js';
export { HttpGate } from './http.js';
export type { HttpGateOptions } from './http.js';
export { loadKubeConnection, fromKubeconfig, SERVICE_ACCOUNT_DIR } from './kubeconfig.js';
export type { KubeConnection, KubeConnectionOptions } from './kubeconfig.js';

/** Configuration of one gate, as the CLI / action / gitops.yaml produce it. */
export type GateConfig =
  | ({ kind: 'argocd' } & ArgoCdGateOptions)
  | ({ kind: 'flux' } & FluxGateOptions)
  | ({ kind: 'http' } & HttpGateOptions);

export function createHealthGate(config: GateConfig): HealthGate {
  switch (config.kind) {
    case 'argocd':
      return new ArgoCdGate(config);
    case 'flux':
      return new FluxGate(config);
    case 'http':
      return new HttpGate(config);
  }
}
