/** `gitops-actions build-tag`: the image tag for this commit (semver / rc / stable / dev) and its metadata. */
import { buildTag, metadataOutputs, refFromCi, TAG_STRATEGIES } from '@gitops-actions/core';
import { Command } from 'commander';
import { list, outputOptions } from '../options.js';
import { runVerb } from '../run.js';

interface Flags {
  strategy: string;
  ref?: string;
  sha?: string;
  dir?: string;
  image?: string;
  source?: string;
  title?: string;
  json?: boolean;
  dotenv?: string;
}

export function buildTagCommand(): Command {
  const cmd = new Command('build-tag')
    .description('compute the image tag of a commit, with docker/metadata-action style tags, labels and annotations')
    .requiredOption('--strategy <strategy>', `${TAG_STRATEGIES.join(' | ')}`)
    .option('--ref <git ref>', 'semver: the pushed tag ref, e.g. refs/tags/v1.2.3 (default: GITHUB_REF / CI_COMMIT_TAG)')
    .option('--sha <sha>', 'commit to tag (default: HEAD of --dir)')
    .option('--dir <path>', 'app repository checkout (default: the working directory)')
    .option('--image <list>', 'image names (registry/repository), comma- or newline-separated: outputs full references')
    .option('--source <url>', 'org.opencontainers.image.source (default: the CI project URL, or the origin remote)')
    .option('--title <title>', 'org.opencontainers.image.title (default: the repository name)');
  outputOptions(cmd);
  return cmd.action((flags: Flags) =>
    runVerb(flags, async (reporter) => {
      const r = await buildTag({
        strategy: flags.strategy,
        ref: flags.ref ?? (flags.strategy === 'semver' ? refFromCi(process.env) : undefined),
        sha: flags.sha,
        dir: flags.dir,
        images: list(flags.image),
        source: flags.source,
        title: flags.title,
        reporter,
      });
      const base = r.base === undefined ? '' : ` (from ${r.base ?? 'no stable tag'}${r.bump ? `, ${r.bump}` : ''})`;
      reporter.info(`${r.strategy}: ${r.tag}${base}`);
      return { json: r, human: r.tags.join('\n'), outputs: metadataOutputs(r, r) };
    }),
  );
}
