/** build-tag from its inputs: the tag of a commit, optionally built and pushed. */
import { InputError } from '../../errors.js';
import { buildAndPush, type Builder } from '../../registry/build.js';
import { metadataOutputs } from '../../version/image-metadata.js';
import { buildTag } from '../../version/build-tag.js';
import { refFromCi, type TagStrategy } from '../../version/strategy.js';
import { bool, str, strs, type VerbRunner } from '../outcome.js';

export const buildTagRunner: VerbRunner = {
  run: async (v, ctx) => {
    const strategy = str(v, 'strategy') as TagStrategy;
    const images = strs(v, 'image');
    if (bool(v, 'push') && !images) throw new InputError('--push needs --image', 'name the image to push, e.g. --image ghcr.io/acme/payments');
    const r = await buildTag({
      strategy,
      ref: str(v, 'ref') ?? (strategy === 'semver' ? refFromCi(ctx.env) : undefined),
      sha: str(v, 'sha'),
      dir: str(v, 'dir'),
      images,
      source: str(v, 'source'),
      title: str(v, 'title'),
      reporter: ctx.reporter,
    });
    const base = r.base === undefined ? '' : ` (from ${r.base ?? 'no stable tag'}${r.bump ? `, ${r.bump}` : ''})`;
    ctx.reporter.info(`${r.strategy}: ${r.tag}${base}`);
    if (!bool(v, 'push')) return { json: r, human: r.tags.join('\n'), outputs: metadataOutputs(r, r) };
    const built = await buildAndPush({
      context: str(v, 'context') ?? str(v, 'dir') ?? '.',
      file: str(v, 'file'),
      tags: r.tags,
      labels: r.labels,
      annotations: r.annotations,
      builder: str(v, 'builder') as Builder | 'auto' | undefined,
      plainHttp: bool(v, 'plainHttp'),
      reporter: ctx.reporter,
    });
    const json = { ...r, digest: built.digest, builder: built.builder };
    return { json, human: `${r.tags.join('\n')}\n${built.digest}`, outputs: { ...metadataOutputs(r, r), digest: built.digest } };
  },
};
