// Reads and validates an event file, turning every problem into a line that names the field.
import { readFile } from 'node:fs/promises';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';

/** `warnings`: accepted but probably wrong (an unknown endpoint, with the closest known one). */
export type LoadedEvent = { ok: true; event: BackfillEvent; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

export async function loadEvent(file: string): Promise<LoadedEvent> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [`cannot read the event file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`],
      warnings: [],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`the event file ${file} is not valid JSON: ${(err as Error).message}`], warnings: [] };
  }
  const v = validateEvent(json);
  const warnings = (v.warnings ?? []).map((w) => w.message);
  if (!v.ok) return { ok: false, errors: v.issues.map((i) => `Invalid event: ${i.message}`), warnings };
  return { ok: true, event: v.event, warnings };
}
