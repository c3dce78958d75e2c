/** Flag groups and parsers shared by several commands, so one name means one thing. */
import { openEnvRepo, parseDuration, parseIntInRange, type EnvRepo, type ForgeKind } from '@gitops-actions/core';
import { Option, type Command } from 'commander';

export function envRepoOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--env-repo <url|path>', 'env repo: git URL, local path, or OWNER/NAME with --forge')
    .addOption(new Option('--forge <forge>', 'git (clone), github or gitlab (REST, no clone); inferred from the URL').choices(['git', 'github', 'gitlab']))
    .option('--api-url <url>', 'forge REST base: https://HOST/api/v3 (GitHub Enterprise) or https://HOST/api/v4 (GitLab)')
    .option('--token-host <host[,host]>', 'also send the env token (GITHUB_TOKEN, GITLAB_TOKEN…) to these hosts, e.g. a self-hosted git server');
}

/** --deadline: the whole command is bounded (DESIGN.md "Bounded"); the default depends on the verb. */
export function deadlineOption(cmd: Command, defaultText: string): Command {
  return cmd.option('--deadline <duration>', `give up on the whole command after this long (1s…24h; default ${defaultText})`);
}

export function outputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON object on stdout').option('--dotenv <file>', 'also write outputs as a dotenv file (GitLab reports:dotenv)');
}

/** Comma- or newline-separated list; empty items dropped. */
export function list(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function forgeOf(value: string | undefined): ForgeKind | undefined {
  return value as ForgeKind | undefined;
}

export const duration = parseDuration;
/** A whole number flag within its documented range (LIMITS); undefined when not given. */
export function intInRange(value: string | undefined, flag: string, range: { min: number; max: number }): number | undefined {
  return value === undefined ? undefined : parseIntInRange(value, flag, range.min, range.max);
}

export interface EnvRepoFlags {
  envRepo: string;
  forge?: string;
  apiUrl?: string;
  tokenHost?: string;
  branch?: string;
}

/** Open the env repo named by the flags, run fn, and always release it (temporary clones). */
export async function withEnvRepo<T>(flags: EnvRepoFlags, fn: (repo: EnvRepo) => Promise<T>): Promise<T> {
  const repo = await openEnvRepo({ envRepo: flags.envRepo, forge: forgeOf(flags.forge), apiUrl: flags.apiUrl, tokenHosts: flags.tokenHost, branch: flags.branch, env: process.env });
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}
