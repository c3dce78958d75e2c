/**
 * Each verb's runner, loaded on demand: a face reads its spec (small) first and pulls in the
 * verb, its adapters and their libraries only when it runs.
 */
import type { VerbRunner } from '../outcome.js';

export const RUNNERS: Readonly<Record<string, () => Promise<VerbRunner>>> = {
  promote: async () => (await import('./promote.js')).promoteRunner,
  rollback: async () => (await import('./rollback.js')).rollbackRunner,
  'wait-healthy': async () => (await import('./wait-healthy.js')).waitHealthyRunner,
  'build-tag': async () => (await import('./build-tag.js')).buildTagRunner,
  retag: async () => (await import('./retag.js')).retagRunner,
  release: async () => (await import('./release.js')).releaseRunner,
  status: async () => (await import('./status.js')).statusRunner,
  history: async () => (await import('./history.js')).historyRunner,
};
