// Request schemas for every invoke channel: the main process parses each `unknown` payload with these before
// acting, so a malformed call straight over the bridge is rejected with errors that name the field.
import { z } from 'zod';
import type { FieldIssue } from '../event/schema';
import { connectionSchema, destinationSchema } from '../settings';
import type { InvokeChannel } from './contract';

const name = (what: string) =>
  z.string({ error: `${what} must be a text name` }).trim().min(1, `${what} is required`).max(80, `${what} must be at most 80 characters`);

/** A payload that is an object with an `event` key; the event itself is checked by validateEvent. */
const eventRequest = z.strictObject({ event: z.unknown() }).refine((r) => r.event !== undefined, {
  message: 'event is required: the backfill event object',
  path: ['event'],
});

const noPayload = z.undefined({ error: 'this command takes no payload' });

const secret = (what: string) =>
  z.string({ error: `${what} must be text` }).min(1, `${what} must not be empty (omit it to keep the saved one)`).max(4096, `${what} is too long`);

const s3Keys = z.strictObject({
  accessKeyId: z.string({ error: 's3Keys.accessKeyId must be text' }).trim().min(1, 's3Keys.accessKeyId is required').max(128),
  secretAccessKey: z.string({ error: 's3Keys.secretAccessKey must be text' }).min(1, 's3Keys.secretAccessKey is required').max(256),
});

export const REQUEST_SCHEMAS = {
  'event:validate': eventRequest,
  'run:plan': eventRequest,
  'run:start': z.strictObject({
    event: z.unknown().refine((v) => v !== undefined, 'event is required: the backfill event object'),
    connection: name('connection'),
    destination: name('destination'),
  }),
  'run:cancel': z.strictObject({ runId: z.string({ error: 'runId must be text' }).min(1, 'runId is required').max(100) }),
  'settings:get': noPayload,
  'connections:list': noPayload,
  'connections:save': z.strictObject({
    connection: connectionSchema,
    secret: secret('secret').optional(),
    originalName: name('originalName').optional(),
  }),
  'connections:delete': z.strictObject({ name: name('name') }),
  'connections:test': z.union([
    z.strictObject({ name: name('name') }),
    z.strictObject({ connection: connectionSchema, secret: secret('secret').optional() }),
  ], { error: 'connections:test takes { name } or { connection, secret? }' }),
  'destinations:list': noPayload,
  'destinations:save': z.strictObject({
    destination: destinationSchema,
    s3Keys: s3Keys.optional(),
    clearS3Keys: z.boolean().optional(),
    originalName: name('originalName').optional(),
  }),
  'destinations:delete': z.strictObject({ name: name('name') }),
  'destinations:test': z.union([
    z.strictObject({ name: name('name') }),
    z.strictObject({ destination: destinationSchema, s3Keys: s3Keys.optional() }),
  ], { error: 'destinations:test takes { name } or { destination, s3Keys? }' }),
  'secrets:status': noPayload,
  'app:info': noPayload,
} satisfies Record<InvokeChannel, z.ZodType>;

/** zod issues as field issues: `connection.pageSize: pageSize must be 1 to 1000`. */
export function zodFieldIssues(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    // A union reports its branches' issues nested; flatten them so the best branch's fields show.
    if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors) && issue.errors.length > 0) {
      for (const branch of issue.errors as z.core.$ZodIssue[][]) {
        for (const sub of branch) out.push(toFieldIssue([...issue.path, ...sub.path], sub.message));
      }
      continue;
    }
    out.push(toFieldIssue(issue.path, issue.message));
  }
  return out;
}

function toFieldIssue(path: ReadonlyArray<PropertyKey>, message: string): FieldIssue {
  const field =
    path.length === 0
      ? 'payload'
      : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  const leaf = String(path[path.length - 1] ?? '');
  if (message.startsWith(field)) return { field, message };
  // `pageSize must be …` under `connection` becomes `connection.pageSize must be …`.
  if (leaf !== '' && message.startsWith(leaf)) return { field, message: field.slice(0, field.length - leaf.length) + message };
  return { field, message: `${field}: ${message}` };
}
