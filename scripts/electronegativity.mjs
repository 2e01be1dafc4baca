// Runs Electronegativity over electron/ and fails on any MEDIUM-or-higher finding not explained in
// .electronegativity-explained.json. The Electron version is given explicitly: the tool cannot look it up offline.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = pkg.devDependencies.electron.replace(/^[^\d]*/, '');
mkdirSync(path.join(root, '.tmp'), { recursive: true });
const csv = path.join(root, '.tmp/electronegativity.csv');
const bin = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
// The tool's optional network fetches fail at once offline (scripts/electronegativity-offline.mjs says why).
const offline = path.join(root, 'scripts/electronegativity-offline.mjs');
const run = spawnSync(
  process.execPath,
  ['--import', pathToFileURL(offline).href, bin, '-i', 'electron', '-e', electronVersion, '-r', '-s', 'medium', '-o', csv],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}

// issue, severity, confidence, filename, location, sample, description, url
const rows = readFileSync(csv, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.match(/("([^"]*)"|[^,]+)(?=,|$)/g).map((v) => v.replace(/^"|"$/g, '')));
const explained = JSON.parse(readFileSync(path.join(root, '.electronegativity-explained.json'), 'utf8')).explained;
let unexplained = 0;
for (const [issue, severity, confidence, file, location] of rows) {
  if (!['MEDIUM', 'HIGH', 'CRITICAL'].includes(severity)) continue;
  const why = explained.find((e) => e.issue === issue && e.file === file)?.why;
  if (why) console.log(`explained  ${severity} ${issue} ${file}:${location} — ${why}`);
  else {
    unexplained++;
    console.log(`UNEXPLAINED ${severity}/${confidence} ${issue} ${file}:${location}`);
  }
}
console.log(`Electronegativity (Electron ${electronVersion}): ${rows.length} findings, ${unexplained} unexplained at MEDIUM or above`);
process.exit(unexplained > 0 ? 1 : 0);
