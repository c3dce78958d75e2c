export * from './repos.js';
export * from './server.js';
export * from './git-http.js';
export * from './forge.js';
export * from './argocd/index.js';
export * from './kube/index.js';
export * from './http-health.js';
