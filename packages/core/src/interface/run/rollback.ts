/** rollback from its inputs. */
import { ciLinks } from '../../ci-context.js';
import { showTag } from '../../verbs/plan.js';
import { promoteSummary } from '../../verbs/promote.js';
import { rollback, rollbackOutputs } from '../../verbs/rollback.js';
import { bool, num, str, strs, type VerbRunner } from '../outcome.js';
import { targetOverrides, withEnvRepo } from './env-repo.js';

export const rollbackRunner: VerbRunner = {
  run: (v, ctx) =>
    withEnvRepo(v, ctx, async (repo) => {
      const r = await rollback({
        repo,
        app: str(v, 'app')!,
        env: str(v, 'env')!,
        to: str(v, 'to'),
        failedTag: str(v, 'failedTag'),
        force: bool(v, 'force'),
        depth: num(v, 'depth'),
        overrides: targetOverrides(v),
        dryRun: bool(v, 'dryRun'),
        editAnchor: bool(v, 'editAnchor'),
        pullRequest: { labels: strs(v, 'labels'), reviewers: strs(v, 'reviewers') },
        links: ciLinks(ctx.env),
        reporter: ctx.reporter,
      });
      if (r.operation === 'dry-run') ctx.reporter.info(r.diff || '(no change)');
      ctx.reporter.summary(promoteSummary(r));
      const { diff: _d, ...json } = r;
      const what = r.pullRequest ? r.pullRequest.url : (r.commit ?? r.operation);
      return { json, human: `rollback ${r.env}(${r.app}): ${showTag(r.from)} → ${showTag(r.rolledBackTo)}: ${what}`, outputs: rollbackOutputs(r) };
    }),
};
