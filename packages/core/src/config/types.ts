/** Where and how one environment of one app is promoted, after gitops.yaml and flags are merged. */
export interface EnvTarget {
  app: string;
  env: string;
  /** Image repository, e.g. ghcr.io/acme/payments (used for kustomize selectors and retag). */
  image?: string;
  /** Repository-relative file, validated: POSIX, no `..`, not absolute. */
  file: string;
  /** YAML path of the tag scalar (DESIGN.md syntax). Default `image.tag`. */
  key: string;
  mode: 'push' | 'pull-request';
  /** Branch of the env repo that the environment tracks. Default `main`. */
  branch: string;
  /** The environment that must run a tag before it may be promoted here. */
  from?: string;
  /** Health target, when configured. */
  argocd?: { name: string; namespace?: string; project?: string };
  flux?: { kind: 'Kustomization' | 'HelmRelease'; name: string; namespace: string };
}

/** Values given on the command line / action inputs; each wins over gitops.yaml. */
export type TargetOverrides = Partial<Pick<EnvTarget, 'file' | 'key' | 'mode' | 'branch' | 'image' | 'from'>>;

export interface EnvConfig {
  file?: string;
  key?: string;
  mode?: 'push' | 'pull-request';
  branch?: string;
  from?: string;
  argocd?: string | { name: string; namespace?: string; project?: string };
  flux?: { kind: 'Kustomization' | 'HelmRelease'; name: string; namespace?: string };
}

export interface AppConfig {
  image?: string;
  /** Defaults for every environment of the app (e.g. key). */
  key?: string;
  environments: Record<string, EnvConfig>;
}

export interface GitopsConfig {
  apps: Record<string, AppConfig>;
}
