// The text of anything thrown: an Error's message, else the value as a string. One home for the engine, the app's
// main process and the CLI.
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
