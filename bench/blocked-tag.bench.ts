/**
 * What the blocked-tag check costs inside promote: REST calls (GitHub, GitLab) and git round
 * trips (git mode over smart HTTP), counted by the adapters, for the same promotion with the check
 * (plain) and without it (--force), on identically prepared env repos. Prints a markdown section
 * for BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitEnvRepo, openGitHubRepo, openGitLabRepo, promote, rollback, type EnvRepo, type PromoteInput } from '@gitops-actions/core';
import { createEnvRepo, startForge, startSandbox } from '@gitops-actions/sandbox';

type Kind = 'github' | 'gitlab' | 'git';
const root = await mkdtemp(join(tmpdir(), 'bench-blocked-'));
const forge = await startForge({ root });
const sandbox = await startSandbox({ root });
let n = 0;

function opener(kind: Kind, name: string): () => Promise<EnvRepo> {
  if (kind === 'git') return () => GitEnvRepo.open({ url: `${sandbox.url}/${name}.git` });
  if (kind === 'github') return async () => openGitHubRepo({ repo: name, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 });
  return async () => openGitLabRepo({ project: name, apiUrl: `${forge.url}/api/v4` });
}

/** An env repo where dev ran v1.2.3 (verified), v1.4.0 (rolled back) and v1.5.0 (failed, then replaced by v1.5.1). */
async function prepared(kind: Kind): Promise<() => Promise<EnvRepo>> {
  const name = `acme/blocked${++n}`;
  await createEnvRepo(root, name);
  const open = opener(kind, name);
  const repo = await open();
  const dev = (tag: string, more: Partial<PromoteInput> = {}) => promote({ repo, app: 'payments', env: 'dev', tag, ...more });
  const ok = await dev('v1.2.3');
  await repo.recordVerification(ok.commit!, { context: 'gitops/payments/dev', state: 'success' });
  await dev('v1.4.0');
  await rollback({ repo, app: 'payments', env: 'dev', failedTag: 'v1.4.0' });
  const bad = await dev('v1.5.0');
  await repo.recordVerification(bad.commit!, { context: 'gitops/payments/dev', state: 'failure' });
  await dev('v1.5.1');
  await repo.close();
  return open;
}

/** Requests one promote makes (refused or not). */
async function cost(open: () => Promise<EnvRepo>, input: Omit<PromoteInput, 'repo' | 'app'>): Promise<{ calls: number; outcome: string }> {
  const repo = await open();
  const before = repo.requestCount ?? 0;
  let outcome: string;
  try {
    outcome = (await promote({ repo, app: 'payments', ...input })).operation;
  } catch (err) {
    outcome = /rolled back/.test(String(err))
      ? 'refused (rolled back)'
      : /failed verification/.test(String(err))
        ? 'refused (failed verification)'
        : `error: ${String(err)}`;
  }
  const calls = (repo.requestCount ?? 0) - before;
  await repo.close();
  return { calls, outcome };
}

const rows: string[] = [];
for (const kind of ['github', 'gitlab', 'git'] as const) {
  const cells: string[] = [];
  // A new tag: the check reads the file's history and finds nothing about it.
  const plain = await cost(await prepared(kind), { env: 'dev', tag: 'v1.6.0' });
  const forced = await cost(await prepared(kind), { env: 'dev', tag: 'v1.6.0', force: true });
  cells.push(`${plain.calls} vs ${forced.calls} (+${plain.calls - forced.calls})`);
  // Refusals: decided by the rollback trailer (history only), or by a failure record (+ that commit's records).
  const rolledBack = await cost(await prepared(kind), { env: 'dev', tag: 'v1.4.0', allowDowngrade: true });
  const failed = await cost(await prepared(kind), { env: 'dev', tag: 'v1.5.0', allowDowngrade: true });
  if (!rolledBack.outcome.startsWith('refused') || !failed.outcome.startsWith('refused')) throw new Error(`${kind}: ${rolledBack.outcome} / ${failed.outcome}`);
  cells.push(String(rolledBack.calls), String(failed.calls));
  // staging by PR: the target's history and the `from` environment's (dev runs v1.5.1).
  if (kind !== 'git') {
    const pr = await cost(await prepared(kind), { env: 'staging', tag: 'v1.5.1' });
    const prForced = await cost(await prepared(kind), { env: 'staging', tag: 'v1.5.1', force: true });
    cells.push(`${pr.calls} vs ${prForced.calls} (+${pr.calls - prForced.calls})`);
  } else cells.push('—');
  rows.push(`| ${kind} | ${cells.join(' | ')} |`);
}
await forge.stop();
await sandbox.stop();
await rm(root, { recursive: true, force: true });

process.stdout.write(`## promote: the blocked-tag check

Requests of one \`promote\` with the check and with \`--force\` (no check), on identically prepared
env repos (dev ran v1.2.3 verified, v1.4.0 rolled back, v1.5.0 failed then replaced by v1.5.1);
REST calls for GitHub/GitLab, git round trips for git mode (smart HTTP, sandbox), counted by the
adapters.

| mode | dev, new tag: checked vs --force | refused: rolled back | refused: failed, replaced since | staging PR (checks staging and dev): checked vs --force |
|---|---|---|---|---|
${rows.join('\n')}

The check reads the environment's file history once: one REST call (the one-call target holds
for push-mode promotions), in git mode a deepening fetch of the partial clone plus the trees of
the file's path, level by level (never a new clone). A refusal decided by a rollback trailer costs
no more than that; one decided by a failure record reads that commit's records too (one more call),
as does any commit that set the tag and no rollback or record has decided since. A pull-request
promotion with a \`from\` environment checks both: the target's history, the \`from\` environment's
history, and the records of the commit that set the tag there (is it failed?) — three calls, over
the one-call target.
`);
