export * from './simulator.js';
export * from './kubeconfig.js';
