// Reads and validates an event file, turning every problem into a line that names the field.
import { readFile } from 'node:fs/promises';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';

export type LoadedEvent = { ok: true; event: BackfillEvent } | { ok: false; errors: string[] };

export async function loadEvent(file: string): Promise<LoadedEvent> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`cannot read the event file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`the event file ${file} is not valid JSON: ${(err as Error).message}`] };
  }
  const v = validateEvent(json);
  if (!v.ok) return { ok: false, errors: v.issues.map((i) => `Invalid event: ${i.message}`) };
  return { ok: true, event: v.event };
}
