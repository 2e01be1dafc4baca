// String cleaning as the original: newlines, carriage returns and tabs become spaces, repeated spaces collapse.
// (It kept text on one line for downstream CSV-ish consumers; we keep the same values for parity.)
export function cleanString(s: string): string {
  if (!/[\n\r\t]| {2}/.test(s)) return s;
  return s.replace(/[\n\r\t]/g, ' ').replace(/ {2,}/g, ' ');
}
