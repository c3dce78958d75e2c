/**
 * rollback: put the last verified tag back. "Verified" means a wait-healthy gate passed for
 * this app+env at that commit (commit status / git note `gitops/<app>/<env>` = success).
 * Without any verification record it falls back to the previous distinct tag in the file's
 * history (what the seeds do with `git show HEAD~1`), and says so. Planning (reads, every check)
 * is apart from applying, so the health gate can decide before it records anything.
 */
import type { EnvTarget, TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { InputError, OperationError } from '../errors.js';
import { LIMITS, parseIntInRange } from '../input-values.js';
import { parseImageRef } from '../manifest/image-ref.js';
import { readScalar } from '../manifest/index.js';
import { silentReporter, type Reporter } from '../report.js';
import { assertTemplates } from '../naming.js';
import { assertTag, isValidTag } from '../version/tag.js';
import { assertName, assertNotNullWord, readTag, requireHead, resolveAt, showTag, tagOf } from './plan.js';
import { promote, type PromoteInput, type PromoteResult } from './promote.js';
import { trailerEvent, verificationContext } from './verdicts.js';

export { verificationContext } from './verdicts.js';

export interface RollbackInput extends Omit<
  PromoteInput,
  'tag' | 'purpose' | 'allowDowngrade' | 'skipPrecondition' | 'expectCurrent' | 'skipIfNotCurrent' | 'digest' | 'digestKey'
> {
  /** Roll back to this tag instead of looking for the last verified one. */
  to?: string;
  /**
   * The tag that failed (wait-healthy passes the tag it gated): roll back only while the
   * environment still runs it, so a re-run does nothing.
   */
  failedTag?: string;
  /** How many commits of the file's history to search (LIMITS.depth). */
  depth?: number;
}

export interface RollbackResult extends Omit<PromoteResult, 'tag'> {
  /** The tag the environment runs after the rollback (null: no tag). */
  tag: string | null;
  from: string | null;
  rolledBackTo: string | null;
  /**
   * How the tag was chosen; `already-rolled-back`: the environment runs what the last rollback
   * put back and nothing says that failed, so a plain rollback does nothing; `not-running`: the
   * environment no longer runs --failed-tag, so there is nothing to roll back.
   */
  source: 'explicit' | 'verified' | 'history' | 'already-rolled-back' | 'not-running';
}

/** What a rollback will do, decided (and validated) before anything is written. */
export interface RollbackPlan {
  target: EnvTarget;
  /** The tag the environment runs now (null: no tag). */
  from: string | null;
  /** The tag to put back; equal to `from` when there is nothing to do. */
  to: string | null;
  source: RollbackResult['source'];
  /**
   * When the key holds an image reference: the digest it pinned when `to` ran (null: none, so a
   * pinned digest is dropped). Undefined: a bare tag, nothing to carry.
   */
  digest?: string | null;
}

export type RollbackChoice =
  | { kind: 'candidate'; tag: string; source: 'verified' | 'history'; commit: string }
  /** The current value was put there by a rollback (away from `rolledAwayFrom`) not since verified as failing. */
  | { kind: 'settled'; commit: string; rolledAwayFrom: string }
  /** `nullAt`: an earlier value was YAML null or empty (no tag), which rollback does not write. */
  | { kind: 'none'; searched: number; nullAt?: string };

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
  current: string | null,
  depth: number,
  reporter: Reporter,
  opts: { currentFailed?: boolean } = {},
): Promise<RollbackChoice> {
  const context = verificationContext(target.app, target.env);
  const commits = await repo.history(target.file, head, depth);
  const blocked = new Set<string>();
  if (opts.currentFailed && current !== null) blocked.add(current);
  let previous: { tag: string; commit: string } | null = null;
  let nullAt: string | undefined;
  for (const [i, { sha, message }] of commits.entries()) {
    const rolledAwayFrom = trailerEvent(message, target.app, target.env).rolledBackFrom;
    const verdict = (await repo.verifications(sha)).find((v) => v.context === context)?.state;
    let tag: string | null | undefined;
    const text = await repo.readFile(target.file, sha);
    try {
      tag = text === null ? undefined : tagOf(readScalar(text, target.key, target.file));
    } catch {
      tag = undefined; // the key did not exist yet, or the file was broken then
    }
    if (i === 0 && rolledAwayFrom && tag === current && verdict !== 'failure' && !opts.currentFailed) {
      return { kind: 'settled', commit: sha, rolledAwayFrom };
    }
    // Older commits cannot bring back what this one rolled away from, nor a tag that failed here.
    if (rolledAwayFrom) blocked.add(rolledAwayFrom);
    if (tag === undefined || tag === current) continue;
    if (tag === null) {
      // YAML null / empty: no tag to put back (writing it would make the string "null").
      nullAt ??= sha;
      reporter.debug(`skipping the null value at ${sha.slice(0, 7)}: no tag`);
      continue;
    }
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
  return { kind: 'none', searched: commits.length, ...(nullAt ? { nullAt } : {}) };
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
  for (const [value, flag] of [
    [input.to, '--to'],
    [input.failedTag, '--failed-tag'],
  ] as const) {
    if (value === undefined) continue;
    assertNotNullWord(value, flag);
    assertTag(value, flag);
  }
  const depth = input.depth ?? 30;
  parseIntInRange(depth, '--depth', LIMITS.depth.min, LIMITS.depth.max);
  assertTemplates(input.templates);
  const overrides: TargetOverrides = input.overrides ?? {};
  const head = await requireHead(input.repo, overrides.branch ?? 'main');
  const { target } = await resolveAt(input.repo, head, input.app, input.env, overrides);
  const { tag: current, ref } = await readTag(input.repo, head, target);
  // The failed tag is the re-run key: once the environment runs something else, we are done.
  if (input.failedTag !== undefined && current !== input.failedTag) {
    reporter.info(`${input.env}(${input.app}) runs ${showTag(current)}, not the failed tag ${input.failedTag}; nothing to roll back`);
    return { target, from: current, to: current, source: 'not-running' };
  }
  const currentFailed = opts.currentFailed === true || input.failedTag !== undefined;
  if (input.to !== undefined) {
    const ranAt =
      input.to !== current && !input.force ? await assertRanHere(input.repo, head, { ...target, app: input.app, env: input.env }, input.to, depth) : undefined;
    return { target, from: current, to: input.to, source: 'explicit', ...(ref ? { digest: ranAt ? await digestAt(input.repo, ranAt, target) : null } : {}) };
  }

  const found = await findRollbackTag(input.repo, head, { ...target, app: input.app, env: input.env }, current, depth, reporter, { currentFailed });
  if (found.kind === 'settled') {
    reporter.info(
      `${input.env}(${input.app}) is already rolled back: ${found.commit.slice(0, 7)} replaced ${found.rolledAwayFrom} with ${current}; nothing to do (pass --to <tag> to go further back)`,
    );
    return { target, from: current, to: current, source: 'already-rolled-back' };
  }
  if (found.kind === 'none') {
    const nullNote = found.nullAt ? `; the value at ${found.nullAt.slice(0, 7)} was YAML null (no tag), which rollback does not write` : '';
    throw new OperationError(
      `no earlier tag of ${input.app} in ${input.env} to roll back to (${found.searched} commits of ${target.file} ${target.key} searched${nullNote})`,
      found.nullAt ? `pass --to <tag>, or restore the null value by hand` : 'pass --to <tag>',
    );
  }
  reporter.info(
    `rolling ${input.env}(${input.app}) back from ${showTag(current)} to ${found.tag} (${found.source === 'verified' ? 'last verified' : 'previous in history'} at ${found.commit.slice(0, 7)})`,
  );
  return { target, from: current, to: found.tag, source: found.source, ...(ref ? { digest: await digestAt(input.repo, found.commit, target) } : {}) };
}

/** The digest the image reference at the key pinned at commit `sha` (null: none, or not a reference then). */
async function digestAt(repo: EnvRepo, sha: string, target: EnvTarget): Promise<string | null> {
  const text = await repo.readFile(target.file, sha);
  try {
    return (text === null ? null : parseImageRef(readScalar(text, target.key, target.file).value)?.digest) ?? null;
  } catch {
    return null; // the key did not exist then
  }
}

/**
 * `rollback --to` guard: the tag must have run in this environment (a typo would otherwise deploy
 * a tag nobody tested here). Commits carrying our trailers say their tag; others are read.
 */
async function assertRanHere(
  repo: EnvRepo,
  head: string,
  target: { app: string; env: string; file: string; key: string },
  to: string,
  depth: number,
): Promise<string> {
  const commits = await repo.history(target.file, head, depth);
  for (const c of commits) if (trailerEvent(c.message, target.app, target.env).to === to) return c.sha;
  for (const c of commits) {
    if (trailerEvent(c.message, target.app, target.env).to !== undefined) continue;
    const text = await repo.readFile(target.file, c.sha);
    try {
      if (text !== null && tagOf(readScalar(text, target.key, target.file)) === to) return c.sha;
    } catch {
      // the key did not exist then
    }
  }
  throw new InputError(
    `--to ${to} never ran in ${target.env}(${target.app}): not in the last ${commits.length} commits of ${target.file} ${target.key}`,
    'check the tag for a typo, raise --depth, or pass --force to roll back to it anyway',
  );
}

/**
 * Carry out a planned rollback. When the environment no longer runs `plan.from` (someone
 * promoted meanwhile) it refuses rather than roll back a tag nobody checked — or, with
 * --failed-tag, does nothing: the failed tag is gone already.
 */
export async function applyRollback(input: RollbackInput, plan: RollbackPlan): Promise<RollbackResult> {
  if (plan.to === plan.from || plan.to === null) {
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
  const result = await promote({
    ...input,
    tag: plan.to,
    digest: plan.digest,
    purpose: 'rollback',
    allowDowngrade: true,
    skipPrecondition: true,
    force: true,
    expectCurrent: plan.from,
    skipIfNotCurrent: input.failedTag !== undefined,
  });
  if (!result.changed && result.previousTag !== plan.from) {
    return { ...result, from: result.previousTag, rolledBackTo: result.previousTag, source: 'not-running' };
  }
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
    from: r.from ?? '',
    'rolled-back-to': r.rolledBackTo ?? '',
    source: r.source,
    'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
    'pr-url': r.pullRequest?.url ?? '',
  };
}
