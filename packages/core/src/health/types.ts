/**
 * HealthGate port: "is the environment running *that* commit, healthy?". Adapters: Argo CD
 * (REST + stream), Flux (Kubernetes API + watch), plain HTTP. A gate only observes; the
 * waitHealthy verb owns the clock (timeout), the log lines and the verification record.
 */

/** What the target reports right now, in the vocabulary a person reads in the job log. */
export interface GateState {
  /** Argo CD health (Healthy, Progressing, Degraded, Suspended, Missing, Unknown); Flux: the same words mapped from Ready/Stalled. */
  health: string;
  /** Argo CD sync status (Synced, OutOfSync, Unknown); Flux: Synced when the last attempt was applied. */
  sync: string;
  /** The revision the target reports (Argo CD `sync.revision`, Flux `lastAppliedRevision`). */
  revision?: string;
  /** Every revision for multi-source Argo CD apps. */
  revisions?: string[];
  /** Operation phase (Argo CD) or Ready reason (Flux). */
  operation?: string;
  /** Human-readable message of the operation / Ready condition. */
  message?: string;
  /** Resources that are not healthy, with their messages. */
  resources: UnhealthyResource[];
}

export interface UnhealthyResource {
  kind: string;
  name: string;
  namespace?: string;
  health: string;
  message?: string;
}

export type GateVerdict = 'pass' | 'fail' | 'wait';

/** One evaluation of the target against the expected revision. */
export interface GateObservation {
  state: GateState;
  verdict: GateVerdict;
  /** Why: for pass/fail the final reason, for wait what we are waiting for. */
  reason: string;
}

export interface ObserveOptions {
  /** The commit we pushed. Without it the gate cannot tell stale status apart (a warning is logged). */
  revision?: string;
  /**
   * Does `reported` (a revision the target reports instead of `revision`) contain the expected
   * one? Asked at most once per reported revision (errors count as no and are retried later).
   * When it says yes the gate evaluates exactly as if `reported` were the expected revision: the
   * operation, refresh, generation and Ready rules, and failing fast, all still apply to it.
   * Without it only the expected revision itself passes.
   */
  acceptRevision?: (reported: string) => Promise<boolean>;
  signal: AbortSignal;
  /** Poll period when polling (and the re-evaluation tick while streaming). */
  pollIntervalMs: number;
  /** Diagnostics (reconnects, fallbacks; info: a newer revision was accepted); never contains a secret. */
  log: (level: 'debug' | 'info' | 'warn', message: string) => void;
}

export interface HealthGate {
  readonly kind: 'argocd' | 'flux' | 'http';
  /** Printable name of what is watched (`argocd app payments-dev`), never with credentials. */
  readonly target: string;
  /** Web URL for the verification record, when there is one. */
  readonly targetUrl?: string;
  /** Values the reporter must mask (tokens). */
  readonly secrets: readonly string[];
  /** API requests made so far (for cost reporting and benchmarks). */
  readonly requestCount: number;
  /**
   * Observations until the signal aborts; the iterator ends right after a pass or fail verdict.
   * Throws RemoteError for problems that waiting cannot fix (401, 403, unknown object).
   */
  observe(opts: ObserveOptions): AsyncIterable<GateObservation>;
}
