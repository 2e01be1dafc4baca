// String cleaning as the original: newlines, carriage returns and tabs become spaces, repeated spaces collapse.
// (It kept text on one line for downstream CSV-ish consumers; we keep the same values for parity.)
// Nearly every value is already clean: one charCodeAt scan decides that (a regular-expression test per cell cost
// ~1.4 ms per page of 1,000 records, BENCHMARKS.md); only a value that needs it is rewritten.
export function cleanString(s: string): string {
  let prevSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return rewrite(s);
      prevSpace = true;
    } else if (c === 10 || c === 13 || c === 9) return rewrite(s);
    else prevSpace = false;
  }
  return s;
}

function rewrite(s: string): string {
  return s.replace(/[\n\r\t]/g, ' ').replace(/ {2,}/g, ' ');
}
