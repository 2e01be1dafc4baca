// A saved secret goes only where it was saved for. Each saved secret is sealed together with a "binding": for a
// Mambu connection the normalised base URL and the auth kind, for an S3 destination the endpoint and the bucket.
// A request that would use the saved secret with anything else (a renderer-chosen URL on Test, a connection
// re-pointed by Save without the key, a settings file edited by hand) is refused until the secret is typed again.
import { mambuBaseUrl, type ConnectionSettings, type DestinationSettings } from '../../../shared/settings';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Plain http is only for the simulator or a local S3 stand-in: anything else would put the key on the wire. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

/** Returns why `url` may not carry a secret over plain http, or undefined when it may. */
export function plainHttpProblem(url: string, field: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${field} is not a valid URL`;
  }
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    return `${field} uses http:// with ${u.hostname}: plain http is allowed only for this computer (localhost, 127.0.0.1); use https://`;
  }
  return undefined;
}

/** `mambu apiKey https://mybank.mambu.com/api` (host lower-cased by URL). Throws on an unusable base URL. */
export function connectionBinding(c: Pick<ConnectionSettings, 'baseUrl' | 'authKind'>): string {
  return `mambu ${c.authKind} ${mambuBaseUrl(c.baseUrl)}`;
}

/** `s3 https://s3.example.com bucket`; the AWS endpoint is `aws` (the region does not change who gets the key). */
export function destinationBinding(d: DestinationSettings): string {
  if (d.kind !== 's3') return `local ${d.path}`;
  let endpoint = 'aws';
  if (d.endpoint) {
    try {
      const u = new URL(d.endpoint);
      endpoint = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      endpoint = d.endpoint.trim();
    }
  }
  return `s3 ${endpoint} ${d.bucket}`;
}

/** A human reading of a binding for messages (`https://x/api (API key)` / `bucket b at https://…`). */
export function describeBinding(binding: string): string {
  const [kind, a, b] = binding.split(' ');
  if (kind === 'mambu') return `${b} (${a === 'basic' ? 'user + password' : 'API key'})`;
  if (kind === 's3') return `bucket ${b} at ${a === 'aws' ? 'AWS S3' : a}`;
  return binding;
}

interface Sealed {
  sealed: 1;
  bound: string;
  value: string;
}

/** What the secret store holds for a saved secret: the value and what it is bound to, encrypted together. */
export function seal(value: string, bound: string): string {
  return JSON.stringify({ sealed: 1, bound, value } satisfies Sealed);
}

/** A stored value → the secret and its binding. Values saved before bindings existed have `bound: undefined`. */
export function unseal(raw: string): { value: string; bound?: string } {
  if (raw.startsWith('{"sealed":1')) {
    try {
      const s = JSON.parse(raw) as Partial<Sealed>;
      if (typeof s.value === 'string' && typeof s.bound === 'string') return { value: s.value, bound: s.bound };
    } catch {
      // Not one of ours after all: the raw text is the secret.
    }
  }
  return { value: raw };
}
