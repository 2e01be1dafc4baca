// Outbound connections honour the proxy environment variables: HTTPS_PROXY / HTTP_PROXY (ALL_PROXY as a fallback)
// and NO_PROXY, read per connection with proxy-from-env's rules (the lower-case names win, as in curl). One agent pair
// serves Mambu (axios) and every AWS SDK client, so the rule lives here once.
// The decision is per target, not per client: an S3 client may be redirected to another region's host, and NO_PROXY
// can exclude one host of many. Not proxied: Node's own keep-alive agents (connection reuse keeps the one-request-
// at-a-time pager fast). Proxied: https targets tunnel through CONNECT (https-proxy-agent), http targets are sent to
// the proxy with an absolute URL (http-proxy-agent).
import http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** Sockets per host, as the AWS SDK's own default agents. */
const MAX_SOCKETS = 50;

type AddRequest = (req: http.ClientRequest, options: Record<string, unknown>) => void;

interface Target {
  host: string;
  port: number;
}

const env = (name: string) => process.env[name.toLowerCase()] || process.env[name.toUpperCase()] || '';

/** The proxy URL for a target, '' when it goes direct. A value without a scheme (`proxy.corp:3128`) is an http
 *  proxy, as curl reads it (proxy-from-env would give it the target's scheme: TLS to the proxy for https targets). */
function proxyFor(url: string, secure: boolean): string {
  const proxy = getProxyForUrl(url);
  if (!proxy) return '';
  const raw = env(secure ? 'https_proxy' : 'http_proxy') || env('all_proxy');
  return raw && !raw.includes('://') ? `http://${raw}` : proxy;
}

/** Removes credentials (and any path) from a proxy URL before it goes into a message. */
function describeProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unreadable proxy URL)';
  }
}

/** A failure of a proxied request says so: a refused tunnel fails the request with the proxy's answer (instead of
 *  https-proxy-agent replaying that answer as if the target had sent it, e.g. "Mambu returned 403"), and every other
 *  error names the proxy it went through. This listener is added before the caller's (the request is still being
 *  constructed), so the caller sees the amended message. */
function explainProxyFailures(req: http.ClientRequest, proxy: string, target: Target): void {
  const via = describeProxy(proxy);
  req.once('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
    if (typeof connect?.statusCode !== 'number' || connect.statusCode === 200) return;
    const auth = connect.statusCode === 407 ? ': put the proxy user and password in the proxy URL (http://user:password@host:port)' : '';
    const err = Object.assign(
      new Error(
        `the proxy ${via} refused the tunnel to ${target.host}:${target.port} (${connect.statusCode} ${connect.statusText ?? ''}`.trimEnd() +
          `)${auth}`,
      ),
      // Not Node's own ERR_PROXY_TUNNEL: node:http swallows that code, expecting its built-in proxy to report it.
      { code: 'EPROXYTUNNEL' },
    );
    req.destroy(err);
  });
  req.on('error', (err: Error) => {
    if (!err.message.includes(via)) err.message = `${err.message} (through the proxy ${via})`;
  });
}

function targetOf(options: Record<string, unknown>, defaultPort: number): Target {
  const host = String(options.hostname ?? options.host ?? 'localhost');
  const port = Number(options.port) || defaultPort;
  return { host, port };
}

function urlOf(secure: boolean, t: Target): string {
  const host = t.host.includes(':') && !t.host.startsWith('[') ? `[${t.host}]` : t.host;
  return `${secure ? 'https' : 'http'}://${host}:${t.port}/`;
}

/** Builds the agent for one scheme: every request is handed to the direct agent or to the proxy's agent. */
function dispatcher<A extends http.Agent>(secure: boolean, base: A, direct: http.Agent): A {
  const viaProxy = new Map<string, http.Agent>();
  const agentFor = (proxy: string): http.Agent => {
    let a = viaProxy.get(proxy);
    if (!a) {
      a = secure
        ? new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: MAX_SOCKETS })
        : new HttpProxyAgent(proxy, { keepAlive: true, maxSockets: MAX_SOCKETS });
      viaProxy.set(proxy, a);
    }
    return a;
  };
  // Node's ClientRequest calls agent.addRequest(req, options); the chosen agent then owns the socket: it creates,
  // pools and frees it as if the request had been given to it in the first place.
  const dispatch: AddRequest = (req, options) => {
    const target = targetOf(options, secure ? 443 : 80);
    const proxy = proxyFor(urlOf(secure, target), secure);
    let to = direct;
    if (proxy) {
      try {
        to = agentFor(proxy);
      } catch {
        // The value is not shown: it may carry the proxy's password.
        const name = env(secure ? 'https_proxy' : 'http_proxy') ? (secure ? 'HTTPS_PROXY' : 'HTTP_PROXY') : 'ALL_PROXY';
        throw new Error(`${name} (or its lower-case form) is not a proxy URL: set it like http://proxy.example.com:3128`);
      }
      explainProxyFailures(req, proxy, target);
    }
    (to as unknown as { addRequest: AddRequest }).addRequest(req, { ...options, secureEndpoint: secure });
  };
  Object.assign(base, {
    addRequest: dispatch,
    destroy: () => {
      direct.destroy();
      for (const a of viaProxy.values()) a.destroy();
      viaProxy.clear();
    },
  });
  return base;
}

interface ProxyAwareAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/** A fresh agent pair (its own connection pools) for one client; each routes every connection by the proxy env,
 *  unless `directOnly` (a tenant on this machine's loopback: never through a proxy). */
export function proxyAwareAgents(directOnly = false): ProxyAwareAgents {
  const direct = { keepAlive: true, maxSockets: MAX_SOCKETS };
  if (directOnly) return { httpAgent: new http.Agent(direct), httpsAgent: new https.Agent(direct) };
  return {
    httpAgent: dispatcher(false, new http.Agent({ keepAlive: true }), new http.Agent(direct)),
    httpsAgent: dispatcher(true, new https.Agent({ keepAlive: true }), new https.Agent(direct)),
  };
}
