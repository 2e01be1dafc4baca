// An engine session with no Mambu source and no destination behind it, for the engines that script a run's events
// (the IPC tests' scripted engine, the window benchmark's synthetic one): only its context is real.
import type { EngineSession, SessionOptions } from '../../electron/main/core/engine-api';
import type { Destination, MambuSource } from '../../electron/engine/types';
import { destinationUri } from '../../shared/settings';

export function sessionStandIn(
  opts: SessionOptions,
  appVersion: string,
  close: () => Promise<void> = async () => undefined,
): EngineSession {
  return {
    source: {} as MambuSource,
    destination: { uri: destinationUri(opts.destination) } as Destination,
    context: {
      connection: opts.connection.name,
      destination: opts.destination.name,
      destinationUri: destinationUri(opts.destination),
      appVersion,
      mode: opts.mode ?? 'run',
      ...(opts.parentRunId ? { parentRunId: opts.parentRunId } : {}),
    },
    close,
  };
}
