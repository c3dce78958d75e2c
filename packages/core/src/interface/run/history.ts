/** history from its inputs: one environment's timeline, as a table, Markdown or JSON. */
import { history, historyMarkdown, historyOutputs, historyTable } from '../../verbs/history.js';
import { num, str, type VerbRunner } from '../outcome.js';
import { withEnvRepo } from './env-repo.js';
import { outputsFor } from './report-outputs.js';

export const historyRunner: VerbRunner = {
  run: (v, ctx) =>
    withEnvRepo(v, ctx, async (repo) => {
      const r = await history({
        repo,
        app: str(v, 'app')!,
        env: str(v, 'env')!,
        overrides: { file: str(v, 'file'), key: str(v, 'key'), branch: str(v, 'branch') },
        depth: num(v, 'depth'),
        reporter: ctx.reporter,
      });
      const markdown = historyMarkdown(r);
      ctx.reporter.summary(markdown);
      return { json: r, human: str(v, 'format') === 'markdown' ? markdown : historyTable(r), outputs: outputsFor(ctx.face, historyOutputs(r)) };
    }),
};
