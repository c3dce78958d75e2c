/** `gitops-actions build-tag`: the image tag for this commit (semver / rc / stable / dev) and its metadata. */
import { BUILDERS, buildAndPush, InputError, buildTag, metadataOutputs, refFromCi, TAG_STRATEGIES } from '@gitops-actions/core';
import { Command, Option } from 'commander';
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
  push?: boolean;
  context?: string;
  file?: string;
  builder?: 'auto' | 'buildx' | 'buildah' | 'podman';
  plainHttp?: boolean;
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
    .option('--title <title>', 'org.opencontainers.image.title (default: the repository name)')
    .option('--push', 'also build the image and push every tag (docker buildx, else buildah, else podman); outputs the digest')
    .option('--context <dir>', 'build context for --push (default: --dir)')
    .option('--file <path>', 'Dockerfile/Containerfile for --push (default: the builder\'s, in the context)')
    .addOption(new Option('--builder <builder>', 'builder for --push (default: the first one found)').choices(['auto', ...BUILDERS]))
    .option('--plain-http', '--push to a registry over http (local registries)');
  outputOptions(cmd);
  return cmd.action((flags: Flags) =>
    runVerb(flags, async (reporter) => {
      if (flags.push && !flags.image) throw new InputError('--push needs --image', 'name the image to push, e.g. --image ghcr.io/acme/payments');
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
      if (!flags.push) return { json: r, human: r.tags.join('\n'), outputs: metadataOutputs(r, r) };
      const built = await buildAndPush({
        context: flags.context ?? flags.dir ?? '.',
        file: flags.file,
        tags: r.tags,
        labels: r.labels,
        annotations: r.annotations,
        builder: flags.builder,
        plainHttp: flags.plainHttp,
        reporter,
      });
      const json = { ...r, digest: built.digest, builder: built.builder };
      return { json, human: `${r.tags.join('\n')}\n${built.digest}`, outputs: { ...metadataOutputs(r, r), digest: built.digest } };
    }),
  );
}
