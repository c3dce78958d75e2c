/** release from its inputs: the env repo, and the app repository that gets the release. */
import { ciLinks } from '../../ci-context.js';
import { openEnvRepo } from '../../envrepo/open.js';
import type { EnvRepo } from '../../envrepo/port.js';
import { release, releaseOutputs, releaseSummary } from '../../verbs/release.js';
import { bool, num, str, strs, type Values, type VerbContext, type VerbRunner } from '../outcome.js';
import { targetOverrides, withEnvRepo } from './env-repo.js';

/** The repository of the release: release-repo, else the repository this CI runs for, on the env repo's forge. */
async function openReleaseRepo(v: Values, ctx: VerbContext, envRepo: EnvRepo): Promise<EnvRepo | undefined> {
  const name = str(v, 'releaseRepo') ?? (ctx.env.GITHUB_ACTIONS === 'true' ? ctx.env.GITHUB_REPOSITORY : ctx.env.CI_PROJECT_PATH);
  if (!name) return undefined;
  const sameForge = envRepo.forge !== 'git';
  return openEnvRepo({
    envRepo: name,
    forge: sameForge ? envRepo.forge : undefined,
    apiUrl: sameForge ? str(v, 'apiUrl') : undefined,
    tokenHosts: strs(v, 'tokenHost'),
    env: ctx.env,
  });
}

export const releaseRunner: VerbRunner = {
  run: (v, ctx) =>
    withEnvRepo(v, ctx, async (repo) => {
      const gitless = bool(v, 'gitless');
      const wantRelease = !gitless && bool(v, 'createRelease');
      const releaseRepo = wantRelease ? await openReleaseRepo(v, ctx, repo) : undefined;
      try {
        const r = await release({
          repo,
          app: str(v, 'app')!,
          tag: str(v, 'tag')!,
          env: str(v, 'env'),
          fromEnv: str(v, 'fromEnv'),
          version: str(v, 'version'),
          image: str(v, 'image'),
          moving: strs(v, 'moving') ?? [],
          gitless,
          digestKey: str(v, 'digestKey'),
          overrides: targetOverrides(v),
          editAnchor: bool(v, 'editAnchor'),
          depth: num(v, 'depth'),
          createRelease: wantRelease,
          releaseRepo,
          notes: str(v, 'notes'),
          dir: str(v, 'dir'),
          sha: str(v, 'sha'),
          plainHttp: bool(v, 'plainHttp'),
          dryRun: bool(v, 'dryRun'),
          pullRequest: { labels: strs(v, 'labels'), reviewers: strs(v, 'reviewers') },
          links: ciLinks(ctx.env),
          registryEnv: ctx.env,
          reporter: ctx.reporter,
        });
        ctx.reporter.summary(releaseSummary(r));
        const where = r.gitless ? 'gitless' : (r.promotion?.pullRequest?.url ?? r.promotion?.commit ?? r.promotion?.operation);
        return {
          json: r,
          human: `${r.app} ${r.tag} → ${r.version} (${r.digest}): ${where}${r.release?.url ? `; ${r.release.url}` : ''}`,
          outputs: releaseOutputs(r),
        };
      } finally {
        await releaseRepo?.close();
      }
    }),
};
