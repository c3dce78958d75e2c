/** `gitops-actions retag`: more tags for the image behind a tag, by digest, over the distribution API. */
import { retag } from '@gitops-actions/core';
import { Command } from 'commander';
import { list, outputOptions } from '../options.js';
import { runVerb } from '../run.js';

interface Flags {
  image: string;
  from: string;
  to: string;
  toImage?: string;
  force?: boolean;
  moving?: string;
  plainHttp?: boolean;
  dryRun?: boolean;
  json?: boolean;
  dotenv?: string;
}

export function retagCommand(): Command {
  const cmd = new Command('retag')
    .description('tag an image again by digest (manifest only, no layer pulls); credentials from REGISTRY_USERNAME/REGISTRY_PASSWORD or docker config.json')
    .requiredOption('--image <registry/repo>', 'image name, e.g. ghcr.io/acme/payments')
    .requiredOption('--from <tag|digest>', 'existing tag (or sha256: digest) to retag')
    .requiredOption('--to <tags>', 'new tags, comma-separated')
    .option('--to-image <registry/repo>', 'put the new tags in another repository of the same registry (blobs are mounted)')
    .option('--moving <tags>', 'tags meant to move (e.g. production-latest): retagged even when they point elsewhere')
    .option('--force', 'move target tags that point at another image')
    .option('--plain-http', 'talk http, not https (local registries)')
    .option('--dry-run', 'check everything, write no tag');
  outputOptions(cmd);
  return cmd.action((flags: Flags) =>
    runVerb(flags, async (reporter) => {
      const r = await retag({
        image: flags.image,
        from: flags.from,
        to: list(flags.to) ?? [],
        toImage: flags.toImage,
        moving: list(flags.moving),
        force: flags.force,
        plainHttp: flags.plainHttp,
        dryRun: flags.dryRun,
        env: process.env,
        reporter,
      });
      const changed = Object.entries(r.changes).map(([t, c]) => `${t} (${c})`).join(', ');
      return {
        json: r,
        human: `${r.image}:${r.from} → ${changed}: ${r.digest}`,
        outputs: { digest: r.digest, tags: r.tags.join('\n'), changed: String(r.changed) },
      };
    }),
  );
}
