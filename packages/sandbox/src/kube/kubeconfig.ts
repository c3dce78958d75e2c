/** Write a kubeconfig for tests (token auth, optional CA / insecure), as kubectl would read it. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigSpec {
  server: string;
  token?: string;
  tokenFile?: string;
  /** PEM CA; written as certificate-authority-data. */
  ca?: string;
  insecure?: boolean;
  context?: string;
  namespace?: string;
}

export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const ctx = spec.context ?? 'sandbox';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': ctx,
    clusters: [
      {
        name: 'sandbox',
        cluster: {
          server: spec.server,
          ...(spec.ca ? { 'certificate-authority-data': Buffer.from(spec.ca).toString('base64') } : {}),
          ...(spec.insecure ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: 'sandbox', user: { ...(spec.token ? { token: spec.token } : {}), ...(spec.tokenFile ? { tokenFile: spec.tokenFile } : {}) } }],
    contexts: [{ name: ctx, context: { cluster: 'sandbox', user: 'sandbox', ...(spec.namespace ? { namespace: spec.namespace } : {}) } }],
  });
}

/** Write `<dir>/kubeconfig` and return its path. */
export async function writeKubeconfig(dir: string, spec: KubeconfigSpec): Promise<string> {
  const path = join(dir, 'kubeconfig');
  await writeFile(path, kubeconfigYaml(spec), { mode: 0o600 });
  return path;
}
