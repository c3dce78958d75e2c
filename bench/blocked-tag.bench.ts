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
// GitHub's GraphQL API (where the check reads in one query) needs a token, as CI always has one.
const TOKEN = 'bench-token';
const forge = await startForge({ root, tokens: [TOKEN] });
const sandbox = await startSandbox({ root });
let n = 0;

function opener(kind: Kind, name: string): () => Promise<EnvRepo> {
  if (kind === 'git') return () => GitEnvRepo.open({ url: `${sandbox.url}/${name}.git` });
  if (kind === 'github') return async () => openGitHubRepo({ repo: name, token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0 });
  return async () => openGitLabRepo({ project: name, token: TOKEN, apiUrl: `${forge.url}/api/v4` });
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
// BENCH_KINDS=git re-measures one mode's row only.
const only = process.env.BENCH_KINDS?.split(',');
for (const kind of (['github', 'gitlab', 'git'] as const).filter((k) => !only || only.includes(k))) {
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

GitHub (with a token, as in CI): one GraphQL query reads the file's history with every commit's
status contexts, so the records cost nothing more; with a \`from\` environment the same query also
reads that environment's history and its file (the precondition's read, which it replaces): no
extra request at all. Without a token, or where GraphQL is refused, it reads over REST as GitLab
does. GitLab: one REST call for the history, plus one per commit that set the tag and that no
rollback decided since (its statuses); with \`from\`, the \`from\` environment's history and
the record of the commit that set the tag there as well — GitLab's commits API lists one path
per request and no statuses, and its GraphQL API has no history by path (the one-extra-call
target holds on GitHub; on GitLab only for a new tag in push mode). Git mode: a deepening
fetch of the partial clone plus the trees of the file's path, level by level (never a new clone).
`);
