/**
 * rollback: put the last verified tag back. "Verified" means a wait-healthy gate passed for
 * this app+env at that commit (commit status / git note `gitops/<app>/<env>` = success).
 * Without any verification record it falls back to the previous distinct tag in the file's
 * history (what the seeds do with `git show HEAD~1`), and says so. Planning (reads, every check)
 * is apart from applying, so the health gate can decide before it records anything.
 */
import type { EnvTarget, TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { OperationError } from '../errors.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { readScalar } from '../manifest/index.js';
import { silentReporter, type Reporter } from '../report.js';
import { ROLLBACK_OF, assertTemplates, parseTrailers } from '../naming.js';
import { assertTag, isValidTag } from '../version/tag.js';
import { assertName, readTag, requireHead, resolveAt } from './plan.js';
import { promote, type PromoteInput, type PromoteResult } from './promote.js';

export interface RollbackInput extends Omit<PromoteInput, 'tag' | 'purpose' | 'allowDowngrade' | 'skipGate'> {
  /** Roll back to this tag instead of looking for the last verified one. */
  to?: string;
  /** How many commits of the file's history to search (LIMITS.depth). */
  depth?: number;
}

export interface RollbackResult extends PromoteResult {
  from: string;
  rolledBackTo: string;
  /**
   * How the tag was chosen; `already-rolled-back`: the environment runs what the last rollback
   * put back and nothing says that failed, so a plain rollback does nothing.
   */
  source: 'explicit' | 'verified' | 'history' | 'already-rolled-back';
}

/** What a rollback will do, decided (and validated) before anything is written. */
export interface RollbackPlan {
  target: EnvTarget;
  /** The tag the environment runs now. */
  from: string;
  /** The tag to put back; equal to `from` when there is nothing to do. */
  to: string;
  source: RollbackResult['source'];
}

export function verificationContext(app: string, env: string): string {
  return `gitops/${app}/${env}`;
}

export type RollbackChoice =
  | { kind: 'candidate'; tag: string; source: 'verified' | 'history'; commit: string }
  /** The current value was put there by a rollback (away from `rolledAwayFrom`) not since verified as failing. */
  | { kind: 'settled'; commit: string; rolledAwayFrom: string }
  | { kind: 'none'; searched: number };

/**
 * Walk the file's history, newest first, for the tag to put back: the newest one, other than
 * `current`, whose commit carries a success record; else the newest unverified one. Never a
 * value that is not a valid image tag, one whose verification failed, or one a later rollback
 * rolled away from (its `Gitops-Rollback-Of` trailer). When the current value is itself the
 * result of a rollback that nothing says failed, the choice is `settled` — unless
 * `currentFailed` (the gate just saw it fail).
 */
export async function findRollbackTag(
  repo: EnvRepo,
  head: string,
  target: { app: string; env: string; file: string; key: string },
  current: string,
  depth: number,
  reporter: Reporter,
  opts: { currentFailed?: boolean } = {},
): Promise<RollbackChoice> {
  const context = verificationContext(target.app, target.env);
  const commits = await repo.history(target.file, head, depth);
  const blocked = new Set<string>();
  if (opts.currentFailed) blocked.add(current);
  let previous: { tag: string; commit: string } | null = null;
  for (const [i, { sha, message }] of commits.entries()) {
    const trailers = parseTrailers(message);
    const ours = (trailers.get('Gitops-App') ?? target.app) === target.app && (trailers.get('Gitops-Env') ?? target.env) === target.env;
    const rolledAwayFrom = ours ? trailers.get(ROLLBACK_OF) : undefined;
    const verdict = (await repo.verifications(sha)).find((v) => v.context === context)?.state;
    let tag: string | undefined;
    const text = await repo.readFile(target.file, sha);
    try {
      tag = text === null ? undefined : readScalar(text, target.key, target.file).value;
    } catch {
      tag = undefined; // the key did not exist yet, or the file was broken then
    }
    if (i === 0 && rolledAwayFrom && tag === current && verdict !== 'failure' && !opts.currentFailed) {
      return { kind: 'settled', commit: sha, rolledAwayFrom };
    }
    // Older commits cannot bring back what this one rolled away from, nor a tag that failed here.
    if (rolledAwayFrom) blocked.add(rolledAwayFrom);
    if (tag === undefined || tag === current) continue;
    if (verdict === 'failure') blocked.add(tag);
    if (blocked.has(tag)) continue;
    if (!isValidTag(tag)) {
      reporter.debug(`skipping ${JSON.stringify(tag.slice(0, 60))} at ${sha.slice(0, 7)}: not a valid image tag`);
      continue;
    }
    if (verdict === 'success') return { kind: 'candidate', tag, source: 'verified', commit: sha };
    previous ??= { tag, commit: sha };
  }
  if (previous) {
    reporter.warn(`no verified tag in the last ${commits.length} commits of ${target.file}; using the previous tag ${previous.tag}`);
    return { kind: 'candidate', ...previous, source: 'history' };
  }
  return { kind: 'none', searched: commits.length };
}

/**
 * Decide the rollback with reads only: inputs, the target, the tag to put back. Everything that
 * can make the rollback exit 2 happens here, so a caller (the health gate) can plan it before it
 * writes anything. `currentFailed`: the current tag is known to be failing.
 */
export async function planRollback(input: RollbackInput, opts: { currentFailed?: boolean } = {}): Promise<RollbackPlan> {
  const reporter = input.reporter ?? silentReporter;
  assertName(input.app, '--app');
  assertName(input.env, '--env');
  if (input.to !== undefined) assertTag(input.to, '--to');
  const depth = input.depth ?? 30;
  parseIntInRange(depth, '--depth', LIMITS.depth.min, LIMITS.depth.max);
  assertTemplates(input.templates);
  const overrides: TargetOverrides = input.overrides ?? {};
  const head = await requireHead(input.repo, overrides.branch ?? 'main');
  const { target } = await resolveAt(input.repo, head, input.app, input.env, overrides);
  const { tag: current } = await readTag(input.repo, head, target);
  if (input.to !== undefined) return { target, from: current, to: input.to, source: 'explicit' };

  const found = await findRollbackTag(input.repo, head, { ...target, app: input.app, env: input.env }, current, depth, reporter, opts);
  if (found.kind === 'settled') {
    reporter.info(
      `${input.env}(${input.app}) is already rolled back: ${found.commit.slice(0, 7)} replaced ${found.rolledAwayFrom} with ${current}; nothing to do (pass --to <tag> to go further back)`,
    );
    return { target, from: current, to: current, source: 'already-rolled-back' };
  }
  if (found.kind === 'none') {
    throw new OperationError(
      `no earlier tag of ${input.app} in ${input.env} to roll back to (${found.searched} commits of ${target.file} ${target.key} searched)`,
      'pass --to <tag>',
    );
  }
  reporter.info(
    `rolling ${input.env}(${input.app}) back from ${current} to ${found.tag} (${found.source === 'verified' ? 'last verified' : 'previous in history'} at ${found.commit.slice(0, 7)})`,
  );
  return { target, from: current, to: found.tag, source: found.source };
}

/**
 * Carry out a planned rollback. When the environment no longer runs `plan.from` (someone
 * promoted meanwhile) it refuses rather than roll back a tag nobody checked.
 */
export async function applyRollback(input: RollbackInput, plan: RollbackPlan): Promise<RollbackResult> {
  if (plan.to === plan.from) {
    return {
      app: input.app,
      env: input.env,
      tag: plan.to,
      previousTag: plan.from,
      file: plan.target.file,
      key: plan.target.key,
      mode: plan.target.mode,
      changed: false,
      operation: 'unchanged',
      commit: null,
      diff: '',
      attempts: 0,
      from: plan.from,
      rolledBackTo: plan.to,
      source: plan.source,
    };
  }
  const result = await promote({ ...input, tag: plan.to, purpose: 'rollback', allowDowngrade: true, skipGate: true, expectCurrent: plan.from });
  return { ...result, from: result.previousTag, rolledBackTo: plan.to, source: plan.source };
}

export async function rollback(input: RollbackInput): Promise<RollbackResult> {
  return applyRollback(input, await planRollback(input));
}

export function rollbackOutputs(r: RollbackResult): Record<string, string> {
  return {
    changed: String(r.changed),
    operation: r.operation,
    'commit-sha': r.commit ?? '',
    from: r.from,
    'rolled-back-to': r.rolledBackTo,
    source: r.source,
    'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
    'pr-url': r.pullRequest?.url ?? '',
  };
}
