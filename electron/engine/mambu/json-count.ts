// Counting the records of a page from its raw JSON text, without parsing it: the pager uses the count to ask for
// the next page while the current one is still being parsed (JSON.parse of a 1 MB page takes ~6 ms, a scan
// ~2 ms). The count is only a hint: the parsed page decides, and a wrong hint costs one request, never a record.

/** Elements of a top-level JSON array text; -1 when a string is left open. Strings are skipped with indexOf. */
export function topLevelCount(text: string): number {
  let depth = 0;
  let count = 0;
  let sawValue = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (depth === 1) sawValue = true;
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return -1;
        let k = j - 1;
        while (text.charCodeAt(k) === 92 /* \\ */) k--;
        if ((j - 1 - k) % 2 === 0) break; // an even run of backslashes: this quote ends the string
        j = text.indexOf('"', j + 1);
      }
      i = j;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === 1) sawValue = true;
      depth++;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if (c === 44 /* , */) {
      if (depth === 1) count++;
    } else if (depth === 1 && c > 32) sawValue = true;
  }
  return sawValue ? count + 1 : 0;
}
