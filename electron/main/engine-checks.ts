// The Settings panel's Test buttons, run on the engine thread (engine-worker.ts): the same setup checks every run
// does before chunk 1 (source.check / destination.check). If the engine grows dedicated testConnection /
// testDestination helpers, call them here instead.
import { tmpdir } from 'node:os';
import { openSession, type SandboxTenant } from '../engine/session';
import type { FetchRequest } from '../engine/types';
import { SANDBOX_SETTINGS, type ConnectionSettings, type DestinationSettings } from '../../shared/settings';
import { messageOf } from '../../shared/message-of';
import type { CheckResult, S3Credentials } from './core/engine-api';

type StartSandbox = (o: { timezone: string }) => Promise<SandboxTenant>;

/** The cheapest request any tenant answers: one page of branches. */
const PROBE: FetchRequest = { endpoint: 'branches', kind: 'snapshot-get', cdcField: null, window: null, extraParams: '' };

export async function testConnection(
  o: { connection: ConnectionSettings; secret?: string; signal: AbortSignal },
  startSandbox: StartSandbox,
): Promise<CheckResult> {
  const { connection, secret, signal } = o;
  try {
    const s = await openSession({ connection, secret, destination: { kind: 'local', name: 'probe', path: tmpdir() }, startSandbox });
    try {
      await s.source.check(PROBE, signal);
    } finally {
      await s.close();
    }
    return { ok: true, detail: `Connected to ${connection.authKind === 'sandbox' ? 'the built-in sandbox tenant' : connection.baseUrl}` };
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

export async function testDestination(
  o: { destination: DestinationSettings; s3Credentials?: S3Credentials; signal: AbortSignal },
  startSandbox: StartSandbox,
): Promise<CheckResult> {
  const { destination, s3Credentials, signal } = o;
  try {
    const s = await openSession({ connection: SANDBOX_SETTINGS, destination, s3Credentials, startSandbox });
    try {
      await s.destination.check(signal);
      await s.destination.registry?.check('', signal);
      return { ok: true, detail: `${s.destination.uri} is writable${s.destination.registry ? '; the Glue database is reachable' : ''}` };
    } finally {
      await s.close();
    }
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}
