export * from './repos.js';
export * from './server.js';
export * from './git-http.js';
