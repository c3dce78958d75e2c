/**
 * waitHealthy: wait until the environment runs the commit we pushed, healthy, or fail fast.
 * Owns the clock (timeout), the progress lines, the job summary and the verification record;
 * the HealthGate only observes.
 */
import { DURATION_BOUNDS, formatDuration, pollPeriod } from '../duration.js';
import { InputError, messageOf } from '../errors.js';
import type { EnvRepo } from '../envrepo/port.js';
import type { Reporter } from '../report.js';
import { createHealthGate, type GateConfig } from '../health/factory.js';
import { formatElapsed, shortRevision } from '../health/revision.js';
import type { GateObservation, GateState, HealthGate, UnhealthyResource } from '../health/types.js';
import { MAX_REMOTE_MESSAGE, MAX_REMOTE_WORD, MAX_RESOURCES, truncate } from '../output-limits.js';

export interface WaitHealthyInput {
  /** Where to look: a gate configuration (argocd / flux / http) or a ready HealthGate. */
  gate: GateConfig | HealthGate;
  /** The commit we pushed (full or 7+ character SHA). Strongly recommended: without it stale status can pass. */
  revision?: string;
  /**
   * Does a revision the target reports instead of `revision` contain it? When yes, the gate
   * evaluates that revision as if it were ours (all other rules still apply). See ObserveOptions.
   */
  acceptRevision?: (reported: string) => Promise<boolean>;
  /** Give up after this long; the result names the last state seen. */
  timeoutMs: number;
  /** Poll period (and re-evaluation tick while streaming). Default 5 s. */
  pollIntervalMs?: number;
  reporter: Reporter;
  /** Cancels the wait (the result is unhealthy with reason "cancelled"). */
  signal?: AbortSignal;
  /** Record a commit status / note on the env repo when the gate passes or fails (best effort). */
  record?: { repo: Pick<EnvRepo, 'recordVerification'>; commit: string; context: string };
}

export interface WaitHealthyResult {
  healthy: boolean;
  /** Last health seen (Healthy, Degraded, …; `Unknown` when nothing was seen). */
  health: string;
  /** Last sync status seen. */
  sync: string;
  /** Last revision the target reported, or null. */
  revision: string | null;
  /** Why it passed or failed, one line. */
  reason: string;
  elapsedMs: number;
  /** The last state seen (null when the target never answered). */
  lastState: GateState | null;
  /** How the wait ended. */
  outcome: 'passed' | 'failed' | 'timed-out' | 'cancelled';
  /** API requests made by the gate (cost). */
  requests: number;
}

function isGate(g: GateConfig | HealthGate): g is HealthGate {
  return typeof (g as HealthGate).observe === 'function';
}

/** `Progressing / Synced @ 1a2b3c4 (op Running)` */
export function formatState(s: GateState): string {
  const revs = s.revisions && s.revisions.length > 1 ? s.revisions.map(shortRevision).join(',') : shortRevision(s.revision);
  const at = s.revision || s.revisions?.length ? ` @ ${revs}` : '';
  return `${s.health} / ${s.sync}${at}${s.operation ? ` (op ${s.operation})` : ''}`;
}

function resourceLines(s: GateState): string[] {
  return s.resources.map((r) => `    ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.health}${r.message ? ` — ${r.message}` : ''}`);
}

/**
 * An observation with every text that came from the remote system cut to a sane length, before
 * it reaches a log line, the summary, the result or an output (a status message can be huge).
 */
export function boundObservation(ob: GateObservation): GateObservation {
  const s = ob.state;
  const word = (x: string) => truncate(x, MAX_REMOTE_WORD);
  const resource = (r: UnhealthyResource): UnhealthyResource => ({
    ...r,
    kind: word(r.kind),
    name: word(r.name),
    health: word(r.health),
    ...(r.namespace !== undefined ? { namespace: word(r.namespace) } : {}),
    ...(r.message !== undefined ? { message: truncate(r.message, MAX_REMOTE_MESSAGE) } : {}),
  });
  const state: GateState = {
    ...s,
    health: word(s.health),
    sync: word(s.sync),
    resources: s.resources.slice(0, MAX_RESOURCES).map(resource),
    ...(s.revision !== undefined ? { revision: word(s.revision) } : {}),
    ...(s.revisions !== undefined ? { revisions: s.revisions.slice(0, MAX_RESOURCES).map(word) } : {}),
    ...(s.operation !== undefined ? { operation: word(s.operation) } : {}),
    ...(s.message !== undefined ? { message: truncate(s.message, MAX_REMOTE_MESSAGE) } : {}),
  };
  return { ...ob, state, reason: truncate(ob.reason, MAX_REMOTE_MESSAGE) };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export async function waitHealthy(input: WaitHealthyInput): Promise<WaitHealthyResult> {
  const { reporter } = input;
  const gate = isGate(input.gate) ? input.gate : await createHealthGate(input.gate);
  for (const s of gate.secrets) reporter.mask(s);
  const pollIntervalMs = pollPeriod(input.pollIntervalMs, 5000);
  // A timer past 2^31-1 ms fires at once: the wait would "time out" immediately.
  if (!(input.timeoutMs > 0 && input.timeoutMs <= DURATION_BOUNDS.max)) {
    throw new InputError(`timeout ${input.timeoutMs} ms is out of range`, `use a timeout from 1ms to ${formatDuration(DURATION_BOUNDS.max)}`);
  }
  const started = Date.now();
  const elapsed = () => Date.now() - started;

  if (!input.revision && gate.kind !== 'http') {
    reporter.warn(`No revision given: ${gate.target} may report Healthy for the previous commit. Pass --revision <sha>.`);
  }
  reporter.info(`Waiting up to ${formatElapsed(input.timeoutMs)} for ${gate.target}${input.revision ? ` at ${shortRevision(input.revision)}` : ''}`);

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout.signal]) : timeout.signal;

  let last: GateObservation | undefined;
  let lastLine = '';
  let final: GateObservation | undefined;
  try {
    for await (const raw of gate.observe({
      revision: input.revision,
      ...(input.acceptRevision ? { acceptRevision: input.acceptRevision } : {}),
      signal,
      pollIntervalMs,
      log: (level, message) =>
        level === 'warn' ? reporter.warn(message) : level === 'info' ? reporter.info(`[${formatElapsed(elapsed())}] ${message}`) : reporter.debug(message),
    })) {
      const ob = boundObservation(raw);
      last = ob;
      const line = formatState(ob.state) + (ob.state.resources.length ? `\n${resourceLines(ob.state).join('\n')}` : '');
      if (line !== lastLine) {
        lastLine = line;
        reporter.info(`[${formatElapsed(elapsed())}] ${line}`);
        reporter.debug(ob.reason);
      }
      if (ob.verdict !== 'wait') {
        final = ob;
        break;
      }
      if (signal.aborted) break;
    }
  } finally {
    clearTimeout(timer);
  }

  const elapsedMs = elapsed();
  let outcome: WaitHealthyResult['outcome'];
  let reason: string;
  if (final) {
    outcome = final.verdict === 'pass' ? 'passed' : 'failed';
    reason = final.reason;
  } else if (input.signal?.aborted) {
    outcome = 'cancelled';
    reason = `cancelled after ${formatElapsed(elapsedMs)}`;
  } else {
    outcome = 'timed-out';
    reason = `timed out after ${formatElapsed(elapsedMs)}; last state: ${last ? `${formatState(last.state)}${last.state.message ? ` — ${last.state.message}` : ''} (${last.reason})` : 'none (the target never answered)'}`;
  }
  const lastState = last?.state ?? null;
  const result: WaitHealthyResult = {
    healthy: outcome === 'passed',
    health: lastState?.health ?? 'Unknown',
    sync: lastState?.sync ?? 'Unknown',
    revision: lastState?.revision ?? null,
    reason,
    elapsedMs,
    lastState,
    outcome,
    requests: gate.requestCount,
  };

  if (result.healthy) reporter.info(`[${formatElapsed(elapsedMs)}] ${gate.target} healthy: ${reason}`);
  else reporter.warn(`[${formatElapsed(elapsedMs)}] ${gate.target} not healthy: ${reason}`);

  const rows: [string, string][] = [
    ['target', gate.targetUrl ? `[${gate.target}](${gate.targetUrl})` : gate.target],
    ['expected revision', input.revision ? `\`${shortRevision(input.revision)}\`` : '(not given)'],
    ['result', result.healthy ? '✅ healthy' : `❌ ${outcome}`],
    ['health / sync', `${result.health} / ${result.sync}`],
    ['reported revision', result.revision ? `\`${shortRevision(result.revision)}\`` : '-'],
    ['reason', reason],
    ['elapsed', formatElapsed(elapsedMs)],
    ['API requests', String(gate.requestCount)],
  ];
  reporter.summary(
    `### wait-healthy: ${cell(gate.target)}\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${cell(v)} |`).join('\n')}\n` +
      (lastState && lastState.resources.length
        ? `\n| resource | health | message |\n|---|---|---|\n${lastState.resources.map((r) => `| ${cell(`${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`)} | ${cell(r.health)} | ${cell(r.message ?? '')} |`).join('\n')}\n`
        : ''),
  );

  if (input.record && outcome !== 'cancelled') {
    try {
      await input.record.repo.recordVerification(input.record.commit, {
        context: input.record.context,
        state: result.healthy ? 'success' : 'failure',
        description: `${result.healthy ? 'healthy' : outcome}: ${reason}`.slice(0, 140),
        ...(gate.targetUrl ? { targetUrl: gate.targetUrl } : {}),
      });
    } catch (err) {
      reporter.warn(`Could not record the verification on ${input.record.commit.slice(0, 7)}: ${messageOf(err)}`);
    }
  }
  return result;
}
