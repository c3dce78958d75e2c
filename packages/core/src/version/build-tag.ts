/** The build-tag verb: compute the tag from the checkout, then its metadata-action-style outputs. */
import { basename, resolve } from 'node:path';
import { type ImageMetadata, imageMetadata, sourceUrl } from './image-metadata.js';
import { type ComputedVersion, computeVersion, type VersionInput } from './strategy.js';
import { Checkout } from './history.js';
import { parseImageName } from '../registry/reference.js';

export interface BuildTagInput extends VersionInput {
  images?: string[];
  /** org.opencontainers.image.source (default: from the CI run or the origin remote). */
  source?: string;
  title?: string;
}

export type BuildTagResult = ComputedVersion & ImageMetadata;

export async function buildTag(input: BuildTagInput): Promise<BuildTagResult> {
  const now = input.now ?? new Date();
  (input.images ?? []).forEach((i, n) => parseImageName(i, `--image (item ${n + 1})`)); // exit 2 before any git work
  const v = await computeVersion({ ...input, now });
  const env = input.env ?? process.env;
  const dir = resolve(input.dir ?? process.cwd());
  const source = input.source ?? sourceUrl(env, await new Checkout(dir, undefined, env).remoteUrl());
  const m = imageMetadata(v, { images: input.images, source, title: input.title ?? (source ? undefined : basename(dir)), created: now });
  return { ...v, ...m };
}
