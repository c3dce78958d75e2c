/** The env repo named by a verb's inputs (env-repo, forge, api-url, token-host, branch), opened and always released. */
import { openEnvRepo } from '../../envrepo/open.js';
import type { EnvRepo, ForgeKind } from '../../envrepo/port.js';
import { str, strs, type Values, type VerbContext } from '../outcome.js';

export async function withEnvRepo<T>(v: Values, ctx: VerbContext, fn: (repo: EnvRepo) => Promise<T>): Promise<T> {
  const repo = await openEnvRepo({
    envRepo: str(v, 'envRepo')!,
    forge: str(v, 'forge') as ForgeKind | undefined,
    apiUrl: str(v, 'apiUrl'),
    tokenHosts: strs(v, 'tokenHost'),
    branch: str(v, 'branch'),
    env: ctx.env,
  });
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}

/** --file, --key, --mode, --branch: they win over gitops.yaml. */
export function targetOverrides(v: Values) {
  return { file: str(v, 'file'), key: str(v, 'key'), mode: str(v, 'mode') as 'push' | 'pull-request' | undefined, branch: str(v, 'branch') };
}
