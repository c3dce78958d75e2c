/** A tiny HTTP server whose `/health` can be flipped between healthy (200) and not (503). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HealthEndpoint {
  url = '';
  /** Status code `/health` answers. */
  status = 200;
  /** Requests to /health served. */
  hits = 0;
  /** Delay before answering (to exercise request timeouts). */
  delayMs = 0;
  private server?: Server;
  /** Answers queued ahead of `status`, one per request (e.g. [200, 503, 200]). */
  private script: number[] = [];

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] !== '/health') {
        res.writeHead(404).end('not found');
        return;
      }
      this.hits++;
      const code = this.script.shift() ?? this.status;
      const answer = () => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: code < 300 ? 'ok' : 'unavailable' }));
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs).unref();
      else answer();
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/health`;
    return this;
  }

  setHealthy(healthy: boolean): void {
    this.status = healthy ? 200 : 503;
  }

  /** Answer these codes first, one per request, then `status` again. */
  answer(...codes: number[]): void {
    this.script.push(...codes);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

export async function startHealthEndpoint(port = 0): Promise<HealthEndpoint> {
  return new HealthEndpoint().start(port);
}
