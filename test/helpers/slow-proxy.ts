// A loopback HTTP proxy that holds chosen requests for a while before forwarding them, and says when one arrives:
// lets a test kill a process while an upload is in flight (a slow S3) at a known point.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowProxy {
  endpoint: string;
  /** Requests that matched `slow` so far (method and path), in arrival order. */
  readonly held: string[];
  /** While false every request is forwarded at once (e.g. after the kill, so a resume is not slowed). */
  armed: boolean;
  close(): Promise<void>;
}

export async function startSlowProxy(target: string, slow: (req: IncomingMessage) => boolean, delayMs: number): Promise<SlowProxy> {
  const t = new URL(target);
  const held: string[] = [];
  const state = { armed: true };
  const server: Server = createServer((req, res) => {
    const forward = () => {
      const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (state.armed && slow(req)) {
      held.push(`${req.method} ${req.url}`);
      req.pause();
      setTimeout(forward, delayMs);
    } else forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    get armed() {
      return state.armed;
    },
    set armed(v: boolean) {
      state.armed = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
