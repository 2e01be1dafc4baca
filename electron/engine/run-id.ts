import { randomBytes } from 'node:crypto';

/** Sortable and readable: `20250407-101500-3f9a2c`. */
export function newRunId(at: Date = new Date()): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(3).toString('hex')}`;
}
