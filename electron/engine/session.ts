// Opens what a run needs from saved settings: a Mambu source (or the built-in sandbox tenant) and a destination.
// Shared by the CLI and the app's main process; secrets are joined here and never leave the process. The sandbox
// tenant is started by the caller's `startSandbox` (the composition roots pass electron/simulator's), so the
// simulator and its fault injection are not part of the engine.
import { destinationUri, SANDBOX_CONNECTION, type ConnectionSettings, type DestinationSettings } from '../../shared/settings';
import type { RunContext } from '../../shared/run-types';
import { createMambuSource } from './mambu/source';
import { createLocalDestination } from './sink/local';
import { createS3Destination, type S3Credentials } from './sink/s3';
import { toMambuConnection } from './connection';
import { createGlueRegistry, DEFAULT_GLUE_DATABASE } from './aws/glue-registry';
import type { Destination, MambuConnection, MambuSource } from './types';
import { APP_VERSION } from './version';

export interface SessionOptions {
  connection: ConnectionSettings;
  /** The API key or password of the connection; unused for the sandbox. */
  secret?: string;
  destination: DestinationSettings;
  /** Explicit S3 keys (the app's saved ones); without them the AWS default chain (env, profile, SSO) applies. */
  s3Credentials?: S3Credentials;
  mode?: RunContext['mode'];
  parentRunId?: string;
  /** Rows per Parquet part when not the default; recorded in the run's context. */
  partRows?: number;
  /** Test and benchmark hook: adjust the client (backoff, retries). */
  connectionOverrides?: Partial<MambuConnection>;
  /** Starts the built-in sandbox tenant; needed only when `connection` is the sandbox. */
  startSandbox?: (o: { timezone: string }) => Promise<SandboxTenant>;
}

/** A Mambu tenant on loopback that needs no credentials (the app's and the CLI's sandbox). */
export interface SandboxTenant {
  /** Base URL, `http://127.0.0.1:PORT/api`. */
  url: string;
  close(): Promise<void>;
}

export interface Session {
  source: MambuSource;
  destination: Destination;
  context: RunContext;
  close(): Promise<void>;
}

export function isSandbox(c: ConnectionSettings): boolean {
  return c.authKind === 'sandbox';
}

export async function openSession(o: SessionOptions): Promise<Session> {
  let sandbox: SandboxTenant | undefined;
  let conn: MambuConnection;
  if (isSandbox(o.connection)) {
    if (!o.startSandbox) throw new Error('the built-in sandbox tenant is not available here: choose a configured Mambu connection');
    sandbox = await o.startSandbox({ timezone: o.connection.timezone || 'UTC' });
    conn = {
      ...toMambuConnection({ ...o.connection, authKind: 'apiKey', baseUrl: sandbox.url }, 'sandbox', o.connectionOverrides),
      // The simulated tenant is local: no need to be gentle, and never through a company proxy.
      requestsPerSecond: 1000,
      direct: true,
      ...o.connectionOverrides,
    };
  } else {
    conn = toMambuConnection(o.connection, o.secret, o.connectionOverrides);
  }
  const destination =
    o.destination.kind === 'local'
      ? createLocalDestination(o.destination.path)
      : createS3Destination({
          bucket: o.destination.bucket,
          prefix: o.destination.prefix,
          region: o.destination.region || undefined,
          profile: o.destination.profile || undefined,
          endpoint: o.destination.endpoint || undefined,
          forcePathStyle: o.destination.forcePathStyle,
          ...(o.destination.disableChecksums ? { disableChecksums: true } : {}),
          credentials: o.s3Credentials,
        });
  // S3 tables are registered in Glue as the original job did, unless turned off; local folders never are.
  const registry =
    o.destination.kind === 's3' && o.destination.glue !== false
      ? createGlueRegistry({
          database: o.destination.glueDatabase || process.env.GLUE_DATABASE || DEFAULT_GLUE_DATABASE,
          root: destinationUri(o.destination),
          region: o.destination.region || undefined,
          profile: o.destination.profile || undefined,
          credentials: o.s3Credentials,
        })
      : undefined;
  return {
    source: createMambuSource(conn),
    destination: registry ? Object.assign(destination, { registry }) : destination,
    context: {
      connection: o.connection.name || (isSandbox(o.connection) ? SANDBOX_CONNECTION : ''),
      destination: o.destination.name,
      destinationUri: destinationUri(o.destination),
      appVersion: APP_VERSION,
      mode: o.mode ?? 'run',
      ...(o.parentRunId ? { parentRunId: o.parentRunId } : {}),
      ...(o.partRows ? { partRows: o.partRows } : {}),
    },
    async close() {
      await sandbox?.close();
    },
  };
}
