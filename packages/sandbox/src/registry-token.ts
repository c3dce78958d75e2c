/**
 * A registry token service (the docker "token authentication" flow) for tests: GET
 * `/token?service=…&scope=…` answers a JWT that the real Debian `docker-registry` accepts when its
 * config names this server's certificate as `rootcertbundle`. The JWT is ES256, signed with a key
 * generated per server, and names its key by libtrust key ID (`kid`), as distribution 2.x expects.
 * Users (Basic auth) get the actions they ask for; anonymous callers get `pull` when allowed.
 * Every request is recorded (user, scopes, whether an Authorization header came) for assertions.
 */
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listenOnLoopback } from './loopback.js';

const exec = promisify(execFile);

export interface TokenRequestRecord {
  user: string | null;
  authorization: boolean;
  service: string | null;
  scopes: string[];
  status: number;
}

export interface RegistryTokenServerOptions {
  service?: string;
  issuer?: string;
  /** username → password */
  users?: Record<string, string>;
  /** What anonymous callers get. */
  anonymous?: 'none' | 'pull';
}

/** distribution/libtrust key ID: base32 of the first 240 bits of sha256(DER SPKI), in groups of 4. */
export function libtrustKeyId(spkiDer: Buffer): string {
  const bytes = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let s = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      s += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) s += alphabet[(value << (5 - bits)) & 31];
  return s.match(/.{1,4}/g)!.join(':');
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class RegistryTokenServer {
  readonly service: string;
  readonly issuer: string;
  readonly requests: TokenRequestRecord[] = [];
  /** The realm to put in the registry config. */
  url = '';
  /** PEM certificate of the signing key: the registry's `rootcertbundle`. */
  certPath = '';
  private server?: Server;
  private dir = '';
  private key?: KeyObject;
  private kid = '';

  constructor(private readonly opts: RegistryTokenServerOptions = {}) {
    this.service = opts.service ?? 'sandbox-registry';
    this.issuer = opts.issuer ?? 'sandbox-token-issuer';
  }

  async start(): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'registry-token-'));
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.key = privateKey;
    this.kid = libtrustKeyId(publicKey.export({ type: 'spki', format: 'der' }));
    const keyPath = join(this.dir, 'key.pem');
    await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    this.certPath = join(this.dir, 'cert.pem');
    // Node cannot write X.509; openssl makes the self-signed certificate the registry trusts.
    await exec('openssl', ['req', '-x509', '-new', '-key', keyPath, '-subj', '/CN=sandbox-token-issuer', '-days', '2', '-out', this.certPath]);
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (url.pathname !== '/token') {
        res.writeHead(404).end();
        return;
      }
      const record: TokenRequestRecord = {
        user: null,
        authorization: !!req.headers.authorization,
        service: url.searchParams.get('service'),
        scopes: url.searchParams.getAll('scope'),
        status: 200,
      };
      this.requests.push(record);
      let grantAll = false;
      if (req.headers.authorization) {
        const m = /^Basic (.+)$/.exec(req.headers.authorization);
        const [user, ...rest] = m ? Buffer.from(m[1], 'base64').toString().split(':') : [];
        if (!user || this.opts.users?.[user] === undefined || this.opts.users[user] !== rest.join(':')) {
          record.status = 401;
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"invalid credentials"}');
          return;
        }
        record.user = user;
        grantAll = true;
      } else if ((this.opts.anonymous ?? 'none') === 'none') {
        record.status = 401;
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="sandbox"' }).end('{"details":"authentication required"}');
        return;
      }
      const access = record.scopes.flatMap((s) => {
        const m = /^repository:([^:]+):(.+)$/.exec(s);
        if (!m) return [];
        const actions = m[2].split(',').filter((a) => grantAll || a === 'pull');
        return [{ type: 'repository', name: m[1], actions }];
      });
      const token = this.jwt(record.user ?? '', access);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
    });
    const port = await listenOnLoopback(this.server, 0);
    this.url = `http://127.0.0.1:${port}/token`;
    return this;
  }

  private jwt(sub: string, access: unknown[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid: this.kid }));
    const claims = b64url(JSON.stringify({ iss: this.issuer, sub, aud: this.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: this.key!, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64url(signature)}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
