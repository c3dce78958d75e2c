/**
 * `npm run demo`: the documented pipeline on the local sandbox through the bundled CLI, with the
 * Argo CD simulator (scripts/demo-argocd.ts). `npm run demo -- --flux`: the same pipeline on
 * Flux, a HelmRelease whose failed upgrade Helm rolls back (scripts/demo-flux.ts).
 */
if (process.argv.slice(2).includes('--flux')) await import('./demo-flux.js');
else await import('./demo-argocd.js');

export {};
