/**
 * `npm run demo`: the whole pipeline on the local sandbox through the bundled CLI — tag, build-tag,
 * dev → staging → prod with gates, a bad release rolled back, the production promotion by retag,
 * status — with the Argo CD simulator (scripts/demo-argocd.ts). `npm run demo -- --flux`: the dev
 * leg on Flux, a HelmRelease whose failed upgrade Helm rolls back (scripts/demo-flux.ts).
 * `--keep`: leave the sandbox up afterwards, with its URLs and commands, until Ctrl-C.
 */
if (process.argv.slice(2).includes('--flux')) await import('./demo-flux.js');
else await import('./demo-argocd.js');

export {};
