/** The gate for a configuration, with each adapter loaded only when chosen (verbs import this, not index.ts). */
import type { ArgoCdGateOptions } from './argocd.js';
import type { FluxGateOptions } from './flux.js';
import type { HttpGateOptions } from './http.js';
import type { HealthGate } from './types.js';

/** Configuration of one gate, as the CLI / action / gitops.yaml produce it. */
export type GateConfig =
  | ({ kind: 'argocd' } & ArgoCdGateOptions)
  | ({ kind: 'flux' } & FluxGateOptions)
  | ({ kind: 'http' } & HttpGateOptions);

export async function createHealthGate(config: GateConfig): Promise<HealthGate> {
  switch (config.kind) {
    case 'argocd':
      return new (await import('./argocd.js')).ArgoCdGate(config);
    case 'flux':
      return new (await import('./flux.js')).FluxGate(config);
    case 'http':
      return new (await import('./http.js')).HttpGate(config);
  }
}
