// Every IPC command as a plain function: (deps, input: unknown, ctx) → Result. The input is parsed with the shared
// request schema first; anything thrown becomes an error result the UI can show. No electron import here.
import { validateEvent } from '../../../shared/event/schema';
import { fail, ok, type ConnectionView, type DestinationView, type InvokeChannel, type Result } from '../../../shared/ipc/contract';
import { REQUEST_SCHEMAS, zodFieldIssues } from '../../../shared/ipc/schemas';
import { previewPlan } from '../../../shared/ipc/plan-preview';
import { mambuBaseUrl, type ConnectionSettings, type DestinationSettings } from '../../../shared/settings';
import { isStoreError } from '../../engine/store';
import type { S3Credentials } from './engine-api';
import type { CallContext, HandlerDeps, Impl } from './handler-types';
import { HISTORY_HANDLERS } from './history-handlers';
import { PRESET_HANDLERS } from './preset-handlers';
import { messageOf } from '../../../shared/message-of';
import { connectionSecretKey, destinationSecretKey, redact, SecretStorageUnavailableError } from './secret-store';
import { connectionBinding, describeBinding, destinationBinding, plainHttpProblem, seal, unseal } from './secret-binding';
import { resolveConnectionSecret, resolveS3Keys, secretLabel } from './secrets-resolve';
import { SettingsError } from './settings-store';

export type { CallContext, HandlerDeps } from './handler-types';
export type Handler = (deps: HandlerDeps, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

const IMPLS: { [C in InvokeChannel]: Impl<C> } = {
  'event:validate': async (_d, { event }) => ok(validateEvent(event)),

  'run:plan': async (_d, { event }) => {
    const v = validateEvent(event);
    if (!v.ok) return fail('The event is not valid; fix the fields marked', v.issues);
    return ok(previewPlan(v.event));
  },

  'run:start': (d, req, ctx) => d.runs.start(ctx.owner, req),

  'run:cancel': async (d, { runId }, ctx) => d.runs.cancel(ctx.owner, runId),

  'estimate:start': (d, req, ctx) => d.runs.estimates.start(ctx.owner, req),

  'estimate:cancel': async (d, { estimateId }, ctx) => d.runs.estimates.cancel(ctx.owner, estimateId),

  'settings:get': async (d) => {
    const snap = await d.settings.snapshot();
    return ok({
      connections: await Promise.all(snap.connections.map((c) => connectionView(d, c, c.builtIn))),
      destinations: await Promise.all(snap.destinations.map((x) => destinationView(d, x, x.builtIn))),
      defaults: { connection: snap.connections[0]!.name, destination: snap.destinations[0]!.name },
      encryption: await d.secrets.status(),
      problems: [...snap.problems, ...(d.secrets.problems?.() ?? [])],
    });
  },

  'connections:list': async (d) => {
    const snap = await d.settings.snapshot();
    return ok(await Promise.all(snap.connections.map((c) => connectionView(d, c, c.builtIn))));
  },

  'connections:save': async (d, { connection, secret, originalName }) => {
    if (connection.authKind === 'sandbox') {
      return fail('authKind sandbox is reserved for the built-in sandbox connection; choose apiKey or basic', [
        { field: 'connection.authKind', message: 'connection.authKind must be apiKey or basic' },
      ]);
    }
    const base = checkBaseUrl(connection);
    if (base) return base;
    if (connection.authKind === 'basic' && !connection.username) {
      return fail('connection.username is required for user + password authentication', [
        { field: 'connection.username', message: 'connection.username is required for user + password authentication' },
      ]);
    }
    // A saved key stays bound to the URL and auth kind it was saved with: re-pointing the connection needs it again.
    const newBinding = connectionBinding(connection);
    const keptKey = connectionSecretKey(originalName ?? connection.name);
    if (secret === undefined) {
      const refused = await bindingChanged(d, keptKey, newBinding, async () => {
        const before = await d.settings.connection(originalName ?? connection.name);
        return before && before.authKind !== 'sandbox' ? connectionBinding(before) : undefined;
      });
      if (refused) {
        const label = secretLabel(connection);
        const message = `connection "${connection.name}" now points to ${describeBinding(newBinding)}, but its saved ${label} was saved for ${refused}: type the ${label} again to save this change (a saved ${label} is only sent where it was saved for)`;
        return fail(message, [{ field: 'secret', message: `type the ${label} again: the URL or authentication changed` }]);
      }
    }
    await d.settings.saveConnection(connection, originalName);
    const oldKey = originalName && originalName !== connection.name ? connectionSecretKey(originalName) : undefined;
    let warning: string | undefined;
    try {
      // A Secrets Manager connection keeps nothing locally: a key saved before is removed.
      if (connection.secretSource) await d.secrets.delete(connectionSecretKey(connection.name));
      else if (secret !== undefined) await d.secrets.set(connectionSecretKey(connection.name), seal(secret, newBinding));
      else if (oldKey) {
        // A rename moves the secret with the connection (same binding: checked above).
        const prev = await d.secrets.get(oldKey);
        if (prev) await d.secrets.set(connectionSecretKey(connection.name), seal(unseal(prev).value, newBinding));
      }
      if (oldKey) await d.secrets.delete(oldKey);
    } catch (err) {
      if (!(err instanceof SecretStorageUnavailableError)) throw err;
      warning = `${err.message} The connection was saved without its ${secretLabel(connection)}.`;
    }
    return ok({ saved: await connectionView(d, connection, false), ...(warning ? { warning } : {}) });
  },

  'connections:delete': async (d, { name }) => {
    const deleted = await d.settings.deleteConnection(name);
    await d.secrets.delete(connectionSecretKey(name));
    return ok({ deleted });
  },

  'connections:test': async (d, req) => {
    let connection: ConnectionSettings | undefined;
    let typed: string | undefined;
    let savedAs: ConnectionSettings | undefined;
    if ('name' in req) {
      connection = await d.settings.connection(req.name);
      if (!connection)
        return fail(`connection "${req.name}" is not configured`, [
          { field: 'name', message: `connection "${req.name}" is not configured` },
        ]);
      savedAs = connection;
    } else {
      connection = req.connection;
      typed = req.secret;
      const base = checkBaseUrl(connection);
      if (base) return base;
      savedAs = await d.settings.connection(connection.name);
    }
    const secret = await resolveConnectionSecret(d.secrets, connection, d.fallbackSecret, typed, savedAs);
    if (!secret.ok) return secret;
    const r = await d.engine.testConnection({ connection, secret: secret.value, signal: AbortSignal.timeout(d.testTimeoutMs ?? 60_000) });
    return r.ok ? ok({ detail: r.detail }) : fail(redact(r.error, [secret.value]));
  },

  'destinations:list': async (d) => {
    const snap = await d.settings.snapshot();
    return ok(await Promise.all(snap.destinations.map((x) => destinationView(d, x, x.builtIn))));
  },

  'destinations:save': async (d, { destination, s3Keys, clearS3Keys, originalName }) => {
    const newBinding = destinationBinding(destination);
    if (destination.kind === 's3' && destination.endpoint && (s3Keys || !clearS3Keys)) {
      const http = plainHttpProblem(destination.endpoint, 'destination.endpoint');
      const keeps = s3Keys !== undefined || (await d.secrets.has(destinationSecretKey(originalName ?? destination.name)));
      if (http && keeps) return fail(http, [{ field: 'destination.endpoint', message: http }]);
    }
    if (destination.kind === 's3' && !s3Keys && !clearS3Keys) {
      const refused = await bindingChanged(d, destinationSecretKey(originalName ?? destination.name), newBinding, async () => {
        const before = await d.settings.destination(originalName ?? destination.name);
        return before ? destinationBinding(before) : undefined;
      });
      if (refused) {
        const message = `destination "${destination.name}" now points to ${describeBinding(newBinding)}, but its saved access keys were saved for ${refused}: type the access keys again (or clear them) to save this change`;
        return fail(message, [{ field: 's3Keys', message: 'type the access keys again: the endpoint or bucket changed' }]);
      }
    }
    await d.settings.saveDestination(destination, originalName);
    const key = destinationSecretKey(destination.name);
    const oldKey = originalName && originalName !== destination.name ? destinationSecretKey(originalName) : undefined;
    let warning: string | undefined;
    try {
      if (destination.kind !== 's3' || clearS3Keys) await d.secrets.delete(key);
      else if (s3Keys) await d.secrets.set(key, seal(JSON.stringify(s3Keys), newBinding));
      else if (oldKey) {
        const prev = await d.secrets.get(oldKey);
        if (prev) await d.secrets.set(key, seal(unseal(prev).value, newBinding));
      }
      if (oldKey) await d.secrets.delete(oldKey);
    } catch (err) {
      if (!(err instanceof SecretStorageUnavailableError)) throw err;
      warning = `${err.message} The destination was saved without its access keys (the AWS profile or default credentials will be used).`;
    }
    return ok({ saved: await destinationView(d, destination, false), ...(warning ? { warning } : {}) });
  },

  'destinations:delete': async (d, { name }) => {
    const deleted = await d.settings.deleteDestination(name);
    await d.secrets.delete(destinationSecretKey(name));
    return ok({ deleted });
  },

  'destinations:test': async (d, req) => {
    let destination: DestinationSettings | undefined;
    let keys: Result<S3Credentials | undefined>;
    if ('name' in req) {
      destination = await d.settings.destination(req.name);
      if (!destination)
        return fail(`destination "${req.name}" is not configured`, [
          { field: 'name', message: `destination "${req.name}" is not configured` },
        ]);
      keys = await resolveS3Keys(d.secrets, destination, undefined, destination);
    } else {
      destination = req.destination;
      keys = await resolveS3Keys(d.secrets, destination, req.s3Keys, await d.settings.destination(destination.name));
    }
    if (!keys.ok) return keys;
    const s3Credentials = keys.value;
    const r = await d.engine.testDestination({ destination, s3Credentials, signal: AbortSignal.timeout(d.testTimeoutMs ?? 60_000) });
    return r.ok ? ok({ detail: r.detail }) : fail(redact(r.error, [s3Credentials?.secretAccessKey]));
  },

  'secrets:status': async (d) => {
    const snap = await d.settings.snapshot();
    const state = async (key: string) => ((await d.secrets.has(key)) ? 'saved' : 'not saved') as 'saved' | 'not saved';
    const connections: Record<string, 'saved' | 'not saved'> = {};
    for (const c of snap.connections)
      if (c.authKind !== 'sandbox' && !c.secretSource) connections[c.name] = await state(connectionSecretKey(c.name));
    const destinations: Record<string, 'saved' | 'not saved'> = {};
    for (const x of snap.destinations) if (x.kind === 's3') destinations[x.name] = await state(destinationSecretKey(x.name));
    return ok({ encryption: await d.secrets.status(), connections, destinations });
  },

  'app:info': async (d) => ok(d.app),

  ...PRESET_HANDLERS,
  ...HISTORY_HANDLERS,
};

function checkBaseUrl(c: ConnectionSettings): Result<never> | undefined {
  if (c.authKind === 'sandbox') return undefined;
  if (!c.baseUrl) {
    return fail('connection.baseUrl is required: a Mambu subdomain such as mybank or a URL such as https://mybank.mambu.com/api', [
      {
        field: 'connection.baseUrl',
        message: 'connection.baseUrl is required: a subdomain such as mybank or https://mybank.mambu.com/api',
      },
    ]);
  }
  try {
    // The engine's own parser: one rule for what a base URL is (and it refuses user:password@, which would
    // otherwise be saved in clear in the settings file).
    const http = plainHttpProblem(mambuBaseUrl(c.baseUrl), 'connection.baseUrl');
    if (http) return fail(http, [{ field: 'connection.baseUrl', message: http }]);
  } catch (err) {
    const message = `connection.baseUrl: ${(err as Error).message}`;
    return fail(message, [{ field: 'connection.baseUrl', message }]);
  }
  return undefined;
}

/** What the saved secret under `key` is bound to, when that differs from `wanted` (else undefined). Secrets saved
 *  before bindings existed count as bound to the settings they were saved with (`legacy`). */
async function bindingChanged(
  d: HandlerDeps,
  key: string,
  wanted: string,
  legacy: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const raw = await d.secrets.get(key);
  if (raw === undefined) return undefined;
  const bound = unseal(raw).bound ?? (await legacy());
  if (bound === wanted) return undefined;
  return bound ? describeBinding(bound) : 'another address';
}

async function connectionView(d: HandlerDeps, c: ConnectionSettings, builtIn: boolean): Promise<ConnectionView> {
  const secret =
    c.authKind === 'sandbox' || c.secretSource ? 'not-needed' : (await d.secrets.has(connectionSecretKey(c.name))) ? 'saved' : 'missing';
  return { ...c, builtIn, secret };
}

async function destinationView(d: HandlerDeps, x: DestinationSettings, builtIn: boolean): Promise<DestinationView> {
  const secret = x.kind !== 's3' ? 'not-needed' : (await d.secrets.has(destinationSecretKey(x.name))) ? 'saved' : 'not-needed';
  return { ...x, builtIn, secret };
}

/** The channel's handler: parses `unknown` with the shared schema, runs, and turns any throw into an error result. */
export function handlerFor(channel: InvokeChannel): Handler {
  const schema = REQUEST_SCHEMAS[channel];
  const impl = IMPLS[channel] as unknown as (d: HandlerDeps, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;
  return async (deps, input, ctx) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const issues = zodFieldIssues(parsed.error);
      return fail(`${channel} was called with a malformed payload: ${issues.map((i) => i.message).join('; ')}`, issues);
    }
    try {
      return await impl(deps, parsed.data, ctx);
    } catch (err) {
      if (err instanceof SettingsError) return fail(err.message, err.field ? [{ field: err.field, message: err.message }] : undefined);
      // The stores' refusals already read as a sentence with the fix, and list every problem by field.
      if (isStoreError(err)) return fail(err.message, err.issues);
      return fail(`${channel} failed: ${messageOf(err)}`);
    }
  };
}

export const CHANNELS = Object.keys(IMPLS) as InvokeChannel[];
