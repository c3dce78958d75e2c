/**
 * A route table: every endpoint is data (method, path pattern, handler), matched in order, first
 * match wins. Patterns use path-to-regexp syntax: `:name` is one segment, `*name` the rest of the
 * path, `{…}` optional. Matching is case-sensitive and exact (no implied trailing slash), as the
 * regular expressions it replaces were. Parameters stay percent-encoded: each vendor decodes them
 * its own way (GitLab takes `group%2Fname` as one project id, GitHub decodes segment by segment).
 */
import { match, type MatchFunction, type ParamData } from 'path-to-regexp';

export type Params = Record<string, string>;

export interface RouteSpec<C> {
  /** HTTP method(s), upper case. */
  method: string | readonly string[];
  /** One pattern, or several alternatives. */
  path: string | readonly string[];
  handler: (c: C, params: Params) => Promise<void> | void;
}

export interface RouteMatch<R> {
  route: R;
  params: Params;
}

export class RouteTable<C, R extends RouteSpec<C> = RouteSpec<C>> {
  private readonly compiled: { route: R; methods: readonly string[]; test: MatchFunction<ParamData> }[];

  constructor(readonly routes: readonly R[]) {
    this.compiled = routes.map((route) => ({
      route,
      methods: typeof route.method === 'string' ? [route.method] : route.method,
      test: match([route.path].flat(), { decode: false, sensitive: true, trailing: false }),
    }));
  }

  /** The first route for this method and path, or null (the caller answers 404 its vendor's way). */
  find(method: string, path: string): RouteMatch<R> | null {
    for (const c of this.compiled) {
      if (!c.methods.includes(method)) continue;
      const m = c.test(path);
      if (!m) continue;
      const params: Params = {};
      for (const [k, v] of Object.entries(m.params)) if (v !== undefined) params[k] = Array.isArray(v) ? v.join('/') : v;
      return { route: c.route, params };
    }
    return null;
  }
}
