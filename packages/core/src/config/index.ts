/**
 * gitops.yaml: schema, validation with line:column errors, app + env → EnvTarget.
 *
 * CONTRACT (implemented in load.ts / resolve.ts):
 *   CONFIG_FILE = 'gitops.yaml'
 *   parseConfig(text: string, file?: string): GitopsConfig        throws InputError (file:line:col: message)
 *   resolveTarget(config: GitopsConfig | null, app, env, overrides: TargetOverrides): EnvTarget
 *     throws InputError for unknown app/env (listing the known ones), or when neither config nor
 *     overrides give file+key.
 */
export * from './types.js';
export * from './load.js';
export * from './resolve.js';
export * from './repo-path.js';
