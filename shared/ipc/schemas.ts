// Request schemas for every invoke channel: the main process parses each `unknown` payload with these before
// acting, so a malformed call straight over the bridge is rejected with errors that name the field.
import { z } from 'zod';
import type { FieldIssue } from '../event/schema';
import { PRESET_NAME_MAX, REF_NAME_MAX } from '../presets';
import { connectionSchema, destinationSchema } from '../settings';
import type { InvokeChannel } from './contract';
import { REPORT_FORMATS } from './history-views';

const name = (what: string) =>
  z
    .string({ error: `${what} must be a text name` })
    .trim()
    .min(1, `${what} is required`)
    .max(80, `${what} must be at most 80 characters`);

/** A payload that is an object with an `event` key; the event itself is checked by validateEvent. */
const eventRequest = z.strictObject({ event: z.unknown() }).refine((r) => r.event !== undefined, {
  message: 'event is required: the backfill event object',
  path: ['event'],
});

const noPayload = z.undefined({ error: 'this command takes no payload' });

const secret = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .min(1, `${what} must not be empty (omit it to keep the saved one)`)
    .max(4096, `${what} is too long`);

const s3Keys = z.strictObject({
  accessKeyId: z.string({ error: 's3Keys.accessKeyId must be text' }).trim().min(1, 's3Keys.accessKeyId is required').max(128),
  secretAccessKey: z.string({ error: 's3Keys.secretAccessKey must be text' }).min(1, 's3Keys.secretAccessKey is required').max(256),
});

// Preset names and references are checked in depth by the preset store (every problem by field); here only their
// type and a size bound, so the store's messages are the ones the user reads.
const presetName = (what: string) =>
  z.string({ error: `${what} must be text` }).max(PRESET_NAME_MAX * 4, `${what} must be at most ${PRESET_NAME_MAX} characters`);
const refName = (what: string) =>
  z
    .string({ error: `${what} must be the name of a ${what} (text), or empty` })
    .max(REF_NAME_MAX * 4, `${what} must be at most ${REF_NAME_MAX} characters`);

/** Same rule as the journal store's run ids: a name, never a path (a journal is only ever read from runs/). */
const runId = z
  .string({ error: 'runId must be text' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'runId must be a run id as the history lists it (letters, digits, ".", "_", "-")')
  .refine((v) => !v.toLowerCase().endsWith('.json'), 'runId must be a run id, not a journal file name');
const runRef = z.strictObject({ runId });

/** An import file's text: one event or a bundle of presets; 5 MB is far beyond any real one. */
const IMPORT_TEXT_MAX = 5 * 1024 * 1024;

export const REQUEST_SCHEMAS = {
  'event:validate': eventRequest,
  'run:plan': eventRequest,
  'run:start': z.strictObject({
    event: z.unknown().refine((v) => v !== undefined, 'event is required: the backfill event object'),
    connection: name('connection'),
    destination: name('destination'),
  }),
  'run:cancel': z.strictObject({ runId: z.string({ error: 'runId must be text' }).min(1, 'runId is required').max(100) }),
  'estimate:start': z.strictObject({
    event: z.unknown().refine((v) => v !== undefined, 'event is required: the backfill event object'),
    connection: name('connection'),
  }),
  'estimate:cancel': z.strictObject({
    estimateId: z.string({ error: 'estimateId must be text' }).min(1, 'estimateId is required').max(100),
  }),
  'settings:get': noPayload,
  'connections:list': noPayload,
  'connections:save': z.strictObject({
    connection: connectionSchema,
    secret: secret('secret').optional(),
    originalName: name('originalName').optional(),
  }),
  'connections:delete': z.strictObject({ name: name('name') }),
  'connections:test': z.union(
    [z.strictObject({ name: name('name') }), z.strictObject({ connection: connectionSchema, secret: secret('secret').optional() })],
    { error: 'connections:test takes { name } or { connection, secret? }' },
  ),
  'destinations:list': noPayload,
  'destinations:save': z.strictObject({
    destination: destinationSchema,
    s3Keys: s3Keys.optional(),
    clearS3Keys: z.boolean().optional(),
    originalName: name('originalName').optional(),
  }),
  'destinations:delete': z.strictObject({ name: name('name') }),
  'destinations:test': z.union(
    [z.strictObject({ name: name('name') }), z.strictObject({ destination: destinationSchema, s3Keys: s3Keys.optional() })],
    { error: 'destinations:test takes { name } or { destination, s3Keys? }' },
  ),
  'secrets:status': noPayload,
  'app:info': noPayload,
  'presets:list': noPayload,
  'presets:get': z.strictObject({ name: presetName('name') }),
  'presets:save': z.strictObject({
    preset: z.strictObject({
      name: presetName('preset.name'),
      event: z.unknown().refine((v) => v !== undefined, 'preset.event is required: the backfill event object'),
      connection: refName('preset.connection'),
      destination: refName('preset.destination'),
    }),
    overwrite: z.boolean({ error: 'overwrite must be true or false' }).optional(),
  }),
  'presets:rename': z.strictObject({ from: presetName('from'), to: presetName('to') }),
  'presets:duplicate': z.strictObject({ name: presetName('name'), newName: presetName('newName').optional() }),
  'presets:delete': z.strictObject({ name: presetName('name') }),
  'presets:import': z.strictObject({
    text: z
      .string({ error: 'text must be the content of the file (text)' })
      .max(IMPORT_TEXT_MAX, 'text is too large for a presets file (over 5 MB)'),
    name: presetName('name').optional(),
    connection: refName('connection').optional(),
    destination: refName('destination').optional(),
    onConflict: z.enum(['error', 'rename', 'replace'], { error: 'onConflict must be error, rename or replace' }).optional(),
  }),
  'presets:export': z.strictObject({
    name: presetName('name'),
    format: z.enum(['event', 'bundle'], { error: 'format must be event (the original event JSON) or bundle' }),
  }),
  'history:list': noPayload,
  'history:get': runRef,
  'history:interrupted': noPayload,
  'run:retry': runRef,
  'run:resume': runRef,
  'reports:export': z.strictObject({
    runId,
    format: z.enum(REPORT_FORMATS, { error: `format must be one of ${REPORT_FORMATS.join(', ')}` }),
  }),
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
    path.length === 0 ? 'payload' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  const leaf = String(path[path.length - 1] ?? '');
  if (message.startsWith(field)) return { field, message };
  // `pageSize must be …` under `connection` becomes `connection.pageSize must be …`.
  if (leaf !== '' && message.startsWith(leaf)) return { field, message: field.slice(0, field.length - leaf.length) + message };
  return { field, message: `${field}: ${message}` };
}
