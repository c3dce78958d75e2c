/**
 * Manifest editing: locate and set one YAML scalar by a DESIGN.md path
 * (`image.tag`, `containers[0].image`, `images[name=ghcr.io/acme/payments].newTag`,
 * `metadata.labels["app.kubernetes.io/version"]`), keeping every other byte.
 *
 * CONTRACT (implemented in path.ts / edit.ts):
 *   parsePath(path: string): PathSegment[]                       throws InputError on bad syntax
 *   readScalar(text: string, path: string, file: string): ScalarHit
 *   setScalar(text: string, path: string, value: string, file: string, { editAnchor? }): string  (new file text;
 *     a scalar shared through an anchor/alias/merge key is refused unless editAnchor)
 *   parseAllBounded / parseOneBounded (limits.ts): size, depth, alias limits before anything recurses
 * Errors are InputError whose message names file, line:column and path.
 */
export * from './path.js';
export * from './edit.js';
export * from './limits.js';
