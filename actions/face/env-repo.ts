/** The env repo an action works on, from the shared inputs env-repo, forge, api-url, token-host, branch. */
import { openEnvRepo, type EnvRepo, type ForgeKind } from '@gitops-actions/core';
import { input } from './run.js';

/** The `forge` input; github (the runner's own) by default. */
export function forgeInput(): ForgeKind {
  return (input('forge') ?? 'github') as ForgeKind;
}

/** Which environment variable the `token` input stands for, by forge. */
export function tokenEnvName(): string {
  return forgeInput() === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN';
}

/** Open the env repo, run fn, always release it. api-url defaults to this workflow's GitHub API. */
export async function withEnvRepo<T>(envRepo: string, fn: (repo: EnvRepo) => Promise<T>): Promise<T> {
  const forge = forgeInput();
  const apiUrl = input('api-url') ?? (forge === 'github' ? process.env.GITHUB_API_URL : undefined);
  const repo = await openEnvRepo({ envRepo, forge, apiUrl, tokenHosts: input('token-host'), branch: input('branch'), env: process.env });
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}
