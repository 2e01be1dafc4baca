// The form as the user left it — the event as typed (even half-typed), the run target names and the preset it came
// from — kept in the window's localStorage so the app reopens with the last event instead of the sample. Not the
// settings or presets channels: those are the main process's files of deliberate choices, and this is a scratch
// copy written on every keystroke (small: one event, never a secret — connections are names).
import { draftFromOriginal, toRawEvent, type EventDraft } from './draft';

const KEY = 'mambu-backfill:last-form:v1';

export interface LastForm {
  draft: EventDraft;
  connection: string | null;
  destination: string | null;
  /** The preset last loaded, when the form still holds it (edited or not). */
  preset: string | null;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled: start from the sample
  }
}

export function loadLastForm(): LastForm | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as { event?: unknown; connection?: unknown; destination?: unknown; preset?: unknown };
    const d = draftFromOriginal(o.event);
    if ('error' in d) return null;
    const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return { draft: d.draft, connection: text(o.connection), destination: text(o.destination), preset: text(o.preset) };
  } catch {
    return null;
  }
}

export function saveLastForm(f: LastForm): void {
  try {
    storage()?.setItem(
      KEY,
      JSON.stringify({ event: toRawEvent(f.draft), connection: f.connection, destination: f.destination, preset: f.preset }),
    );
  } catch {
    // Full or disabled storage: the form still works, it just will not be restored.
  }
}
