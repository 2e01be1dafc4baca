// A loopback server speaking the AWS JSON 1.1 protocol, as Glue and Secrets Manager do: every call is
// `POST /` with `X-Amz-Target: <Service>.<Operation>`, `Content-Type: application/x-amz-json-1.1` and a JSON body;
// success is 200 with a JSON body, an error is 400 with `{"__type": "<ErrorName>", "Message": "..."}` (the error
// names of the service's published API reference). Used only through the real AWS SDK clients, reached with the
// SDK's standard endpoint variables (AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL_SECRETS_MANAGER).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type Handler = (input: Record<string, unknown>) => unknown;

export interface CallLogEntry {
  operation: string;
  input: Record<string, unknown>;
  /** The error `__type` answered, if any. */
  error?: string;
  /** The SigV4 credential scope's access key id (never the signature). */
  accessKeyId?: string;
}

export interface AwsJsonServer {
  url: string;
  calls: CallLogEntry[];
  /** Answer the next `times` calls of `operation` with this error instead of running them. */
  failNext(operation: string, type: string, message: string, times?: number, status?: number): void;
  close(): Promise<void>;
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/;

export async function startAwsJsonServer(
  targetPrefix: string,
  signingName: string,
  handlers: Record<string, Handler>,
): Promise<AwsJsonServer> {
  const calls: CallLogEntry[] = [];
  const faults: Array<{ operation: string; type: string; message: string; times: number; status: number }> = [];

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': randomUUID(),
      ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const fail = (e: AwsError, entry?: CallLogEntry) => {
      if (entry) entry.error = e.type;
      send(res, e.status, { __type: e.type, Message: e.message }, e.type);
    };
    if (req.method !== 'POST' || (req.url ?? '/') !== '/')
      return fail(new AwsError('UnknownOperationException', `${req.method} ${req.url} is not an operation`, 404));
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
      return fail(new AwsError('SerializationException', 'Content-Type must be application/x-amz-json-1.1'));
    }
    const auth = SIGV4.exec(String(req.headers['authorization'] ?? ''));
    if (!auth) return fail(new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'));
    if (auth[2] !== signingName)
      return fail(new AwsError('InvalidSignatureException', `Credential should be scoped to correct service: '${signingName}'.`));
    if (!target.startsWith(`${targetPrefix}.`)) return fail(new AwsError('UnknownOperationException', `unknown target ${target}`));
    const operation = target.slice(targetPrefix.length + 1);
    let input: Record<string, unknown>;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return fail(new AwsError('SerializationException', 'body is not JSON'));
    }
    const entry: CallLogEntry = { operation, input, accessKeyId: auth[1] };
    calls.push(entry);
    const fault = faults.find((f) => f.operation === operation && f.times > 0);
    if (fault) {
      fault.times--;
      return fail(new AwsError(fault.type, fault.message, fault.status), entry);
    }
    const h = handlers[operation];
    if (!h) return fail(new AwsError('UnknownOperationException', `${operation} is not implemented by this stand-in`), entry);
    try {
      send(res, 200, h(input) ?? {});
    } catch (e) {
      if (e instanceof AwsError) return fail(e, entry);
      entry.error = 'InternalServiceException';
      send(res, 500, { __type: 'InternalServiceException', Message: (e as Error).message });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { __type: 'InternalServiceException', Message: String(e) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext(operation, type, message, times = 1, status = 400) {
      faults.push({ operation, type, message, times, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A required string member, as the services validate it (InvalidInputException / InvalidParameterException). */
export function requireString(input: Record<string, unknown>, member: string, errorType: string): string {
  const v = input[member];
  if (typeof v !== 'string' || v.length === 0)
    throw new AwsError(
      errorType,
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}
