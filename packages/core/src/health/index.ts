/** Health gates: Argo CD, Flux (Kubernetes API), HTTP. */

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

export { createHealthGate, type GateConfig } from './factory.js';
