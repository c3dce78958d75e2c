/** retag from its inputs. */
import { retag } from '../../registry/retag.js';
import { bool, str, strs, type VerbRunner } from '../outcome.js';

export const retagRunner: VerbRunner = {
  run: async (v, ctx) => {
    const r = await retag({
      image: str(v, 'image')!,
      from: str(v, 'from')!,
      to: strs(v, 'to') ?? [],
      toImage: str(v, 'toImage'),
      moving: strs(v, 'moving'),
      force: bool(v, 'force'),
      plainHttp: bool(v, 'plainHttp'),
      dryRun: bool(v, 'dryRun'),
      env: ctx.env,
      reporter: ctx.reporter,
    });
    const changed = Object.entries(r.changes)
      .map(([t, c]) => `${t} (${c})`)
      .join(', ');
    return {
      json: r,
      human: `${r.image}:${r.from} → ${changed}: ${r.digest}`,
      outputs: { digest: r.digest, tags: r.tags.join('\n'), changed: String(r.changed) },
    };
  },
};
