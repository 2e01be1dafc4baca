// A loopback HTTP proxy in front of an S3 server that injects faults on the next requests: 503 SlowDown answers
// or dropped connections. Lets tests check that the S3 destination retries them rather than failing the chunk.
// It can also deny every request of one method (403 AccessDenied, as an IAM policy without that action answers).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'slowdown' | 'reset';

export interface FaultProxy {
  endpoint: string;
  /** Faults for the next requests, consumed in order. */
  inject(...faults: Fault[]): void;
  /** Answers every request of this method 403 AccessDenied from now on (undefined: none). */
  deny(method: string | undefined): void;
  requests: number;
  faultsServed: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const t = new URL(target);
  const queue: Fault[] = [];
  const state = {
    requests: 0,
    faultsServed: 0,
    denied: undefined as string | undefined,
  };
  const server: Server = createServer((req, res) => {
    state.requests++;
    if (state.denied !== undefined && req.method === state.denied) {
      state.faultsServed++;
      req.resume();
      req.on('end', () => {
        res.writeHead(403, { 'content-type': 'application/xml' });
        // A HEAD answer has no body, as on S3.
        res.end(
          req.method === 'HEAD'
            ? undefined
            : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        );
      });
      return;
    }
    const fault = queue.shift();
    if (fault === 'reset') {
      state.faultsServed++;
      req.socket.destroy();
      return;
    }
    if (fault === 'slowdown') {
      state.faultsServed++;
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        );
      });
      return;
    }
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject: (...f) => queue.push(...f),
    deny: (method) => {
      state.denied = method;
    },
    get requests() {
      return state.requests;
    },
    get faultsServed() {
      return state.faultsServed;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  } as FaultProxy;
}
