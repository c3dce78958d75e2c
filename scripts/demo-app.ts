/**
 * The demo's app repository and its images: `acme/payments` on the sandbox forge with a checkout
 * a developer commits and tags in, and the image "CI" builds from a commit — `git archive` of it
 * as the one layer, build-tag's labels in the config — pushed to the sandbox registry through
 * the project's registry client (token flow with REGISTRY_USERNAME/REGISTRY_PASSWORD).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBareRepo, ociImage } from '@gitops-actions/sandbox';
import { RegistryClient } from '../packages/core/src/registry/client.js';

const exec = promisify(execFile);

/** git for the developer of the demo: a fixed identity, the forge token as a header (never in a URL or a printed line). */
export function developerGitEnv(token: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'Dana Developer',
    GIT_AUTHOR_EMAIL: 'dana@example.invalid',
    GIT_COMMITTER_NAME: 'Dana Developer',
    GIT_COMMITTER_EMAIL: 'dana@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
  };
}

/** acme/payments on the forge (one commit), cloned over smart HTTP into `<root>/payments`. */
export async function createAppRepo(root: string, forgeUrl: string, gitEnv: NodeJS.ProcessEnv): Promise<string> {
  await createBareRepo(
    root,
    'acme/payments',
    { 'README.md': '# payments\n', 'src/payments.js': 'export const methods = ["card"];\n' },
    { message: 'chore: start payments' },
  );
  const dir = join(root, 'payments');
  await exec('git', ['clone', '--quiet', `${forgeUrl}/acme/payments.git`, dir], { env: gitEnv });
  return dir;
}

/** A change in the checkout, for the next `git commit -am`. */
export async function editApp(dir: string, source: string): Promise<void> {
  await writeFile(join(dir, 'src/payments.js'), source);
}

/** CI's build and push: the image of `rev`, tagged `tag` in `image`'s repository. Returns its digest. */
export async function pushAppImage(opts: {
  dir: string;
  rev: string;
  registry: string;
  repository: string;
  tag: string;
  labels: Record<string, string>;
  credential: { username: string; password: string };
}): Promise<string> {
  const { stdout: layerTar } = await exec('git', ['archive', '--format=tar', opts.rev], { cwd: opts.dir, encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
  const image = ociImage({ layerTar, labels: opts.labels, created: opts.labels['org.opencontainers.image.created'] });
  const client = new RegistryClient({
    registry: opts.registry,
    plainHttp: true,
    scopes: [`repository:${opts.repository}:pull,push`],
    credential: { ...opts.credential, source: 'REGISTRY_USERNAME/REGISTRY_PASSWORD' },
  });
  await client.pushBlob(opts.repository, image.config);
  await client.pushBlob(opts.repository, image.layer);
  await client.putManifest(opts.repository, opts.tag, { bytes: image.manifest, mediaType: image.mediaType, digest: image.digest });
  return image.digest;
}
