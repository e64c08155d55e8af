import { Worker } from 'node:worker_threads';

/** One request of a burst, as fetch takes it. */
export interface BurstRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** What each request of a burst got: its status and its time from send to the last byte, in ms. */
export interface BurstAnswer {
  status: number;
  ms: number;
}

// Plain JavaScript, run in the worker thread as is (no TypeScript loader there). node:http with kept-alive
// connections rather than fetch: the client shares the machine's two cores with the server, and fetch (undici)
// costs it several times the CPU per request.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
parentPort.on('message', async (requests) => {
  const one = (r) =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const url = new URL(r.url);
      const body = r.body === undefined ? undefined : Buffer.from(r.body);
      const headers = { ...(r.headers || {}) };
      if (body) headers['content-length'] = String(body.length);
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: r.method, headers },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    parentPort.postMessage({ answers: await Promise.all(requests.map(one)) });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.stack ? err.stack : err) });
  }
});
`;

/**
 * Sends bursts of requests all at once from a thread of their own, as many people's phones would: the client's
 * work (building, sending and reading 50 requests) then does not queue on the server's event loop and count as
 * the server's latency, which it would if the bench fired them from the thread the API runs on.
 */
export class HttpBurst {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });

  fire(requests: BurstRequest[]): Promise<BurstAnswer[]> {
    return new Promise((resolve, reject) => {
      const failed = (err: Error) => reject(err);
      this.worker.once('error', failed);
      this.worker.once('message', (msg: { answers?: BurstAnswer[]; error?: string }) => {
        this.worker.off('error', failed);
        if (msg.answers) resolve(msg.answers);
        else reject(new Error(msg.error));
      });
      this.worker.postMessage(requests);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
