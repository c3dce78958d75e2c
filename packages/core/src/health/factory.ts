/** The gate for a configuration, with each adapter loaded only when chosen (verbs import this, not index.ts). */
import type { ArgoCdGateOptions } from './argocd.js';
import type { FluxGateOptions } from './flux.js';
import type { HttpGateOptions } from './http.js';
import type { HealthGate } from './types.js';

/** Configuration of one gate, as the CLI / action / gitops.yaml produce it. */
export type GateConfig = ({ kind: 'argocd' } & ArgoCdGateOptions) | ({ kind: 'flux' } & FluxGateOptions) | ({ kind: 'http' } & HttpGateOptions);

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * Each gate's module, imported on first use and then reused: one dynamic import per process, so a
 * gate created later (a second gate, a test running beside others) never starts another import.
 */
export const gateModules = {
  argocd: once(() => import('./argocd.js')),
  flux: once(() => import('./flux.js')),
  http: once(() => import('./http.js')),
};

export async function createHealthGate(config: GateConfig): Promise<HealthGate> {
  switch (config.kind) {
    case 'argocd':
      return new (await gateModules.argocd()).ArgoCdGate(config);
    case 'flux':
      return new (await gateModules.flux()).FluxGate(config);
    case 'http':
      return new (await gateModules.http()).HttpGate(config);
  }
}
