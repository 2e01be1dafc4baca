// Sums vitest and Playwright JSON reports into one closing line: "total: N passed, N failed, N skipped".
// A missing or unreadable report counts as a failure: CI must never pass on tests that did not run.
import { readFileSync } from 'node:fs';

let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of process.argv.slice(2)) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`${file}: no report (${err.code ?? err.message})`);
    failed++;
    continue;
  }
  if ('numPassedTests' in r) {
    // vitest (jest-compatible JSON)
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests ?? 0} skipped`);
  } else if (r.stats) {
    // Playwright
    const s = r.stats;
    passed += s.expected ?? 0;
    failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
    skipped += s.skipped ?? 0;
    console.log(`${file}: ${s.expected ?? 0} passed, ${(s.unexpected ?? 0) + (s.flaky ?? 0)} failed, ${s.skipped ?? 0} skipped`);
  } else {
    console.log(`${file}: unrecognised report`);
    failed++;
  }
}
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
