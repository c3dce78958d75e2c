/** Health gates: Argo CD, Flux (Kubernetes API), HTTP. */

export * from './types.js';
export * from './revision.js';
export { ArgoCdGate } from './argocd.js';
export type { ArgoCdGateOptions } from './argocd.js';
export { evaluateArgoApp, argoStateOf, reportedArgoRevisions } from './argocd-eval.js';
export type { ArgoApplication, ArgoEvalOptions, ArgoEvalMemory } from './argocd-eval.js';
export { FluxGate, FLUX_KINDS, RECONCILE_ANNOTATION } from './flux.js';
export type { FluxGateOptions } from './flux.js';
export { evaluateFluxObject, fluxStateOf, reportedFluxRevisions, TERMINAL_REASONS } from './flux-eval.js';
export type { FluxKind, FluxObject, FluxCondition, FluxEvalOptions, FluxRetries, HelmRemediationSpec } from './flux-eval.js';
export { helmFailureOf, describeHelmFailure, parseHelmMessage } from './helm-remediation.js';
export type { HelmFailure, HelmRemediation, HelmAction } from './helm-remediation.js';
export { HttpGate } from './http.js';
export type { HttpGateOptions } from './http.js';
export { loadKubeConnection, fromKubeconfig, SERVICE_ACCOUNT_DIR } from './kubeconfig.js';
export type { KubeConnection, KubeConnectionOptions } from './kubeconfig.js';

export { createHealthGate, type GateConfig } from './factory.js';
