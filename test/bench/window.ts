// Group 4, the window: the built renderer in Debian's Chromium, window.backfill backed by the browser harness's
// bridge process (the real handlers, RunManager and coalescer), streaming a run of N hourly chunks (8,760 = a year).
// Reports rendered table rows in the DOM, the longest main-thread task while streaming (Long Tasks API, plus a rAF
// gap probe), and keystroke delays during the run. Prints figures; asserts nothing about timing.
//   npm run bench -- --only window [--window-chunks N]      (via test/bench/run.ts)
//   npx tsx test/bench/window.ts [--chunks N] [--engine real|synthetic] [--profile out.cpuprofile] [--trace out.json]
//     (alone; builds the renderer first; --profile records the page's CPU profile and prints the long tasks' times
//     and the busy stretches over 50 ms with their top functions; --trace writes a Chromium trace for DevTools'
//     Performance panel; either slows the page a little)
// Engine "real" (default): the sandbox connection through the real engine into a temp folder, journaled like any
// run — about a minute for 8,760 chunks here.
// Engine "synthetic": the bridge's real RunManager and coalescer drive a scripted engine (harness only,
// ../e2e/harness/synthetic-engine.ts) emitting the runner's event sequence at ~5 ms a chunk: the window alone.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bridgeClientScript } from '../e2e/harness/client';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness/chromium';
import { spawnBridge } from '../e2e/harness/spawn';
import { printStretches, type CpuProfile } from './profile-summary';
import { ms, num, type GroupResult } from './report';

export interface WindowBenchOptions {
  /** Hourly chunks in the run (8,760 = a year). */
  chunks?: number;
  engine?: 'real' | 'synthetic';
  /** Keystrokes per measurement (checkbox in the run view, text field in settings). */
  keystrokes?: number;
  /** Progress lines while it runs. */
  log?: (line: string) => void;
  /** Write the page's CPU profile (CDP Profiler, click to summary) to this .cpuprofile file, and print each long
   *  task's time in the run and the busy stretches over 50 ms the profile shows, with their top functions. */
  profile?: string;
  /** Write a Chromium performance trace (devtools.timeline, click to summary) to this .json file: open it in the
   *  DevTools Performance panel to see what each long task did (script, style, layout, paint). */
  trace?: string;
}

export type WindowFigures = Record<string, number | string>;

const ROOT = path.resolve(import.meta.dirname, '../..');

// Page-side probe, as text (not a serialised TS function: tsx's keepNames would inject helpers the page lacks).
const PROBE = `(() => {
  const p = { longTasks: [], rafGaps: [], maxRows: 0, streaming: false, keys: [], lastFrame: 0 };
  Object.defineProperty(window, '__probe', { value: p });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) p.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (err) { p.longTaskError = String(err); }
  const frame = (t) => {
    if (p.streaming && p.lastFrame) p.rafGaps.push(t - p.lastFrame);
    p.lastFrame = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  setInterval(() => {
    if (!p.streaming) return;
    const rows = document.querySelectorAll('.chunk-scroll [role="row"]').length;
    if (rows > p.maxRows) p.maxRows = rows;
  }, 100);
  // Keystroke delay: from the key's event time (set when the browser received it) to the value/checked change being
  // handled, and to the next animation frame after it (the update's render).
  let pending = null;
  document.addEventListener('keydown', (e) => { pending = { t0: e.timeStamp, key: e.key, target: e.target && e.target.id }; }, true);
  const done = (kind) => {
    if (!pending) return;
    const k = pending; pending = null;
    const handled = performance.now() - k.t0;
    requestAnimationFrame(() => p.keys.push({ kind, key: k.key, target: k.target, handledMs: handled, frameMs: performance.now() - k.t0 }));
  };
  // A checkbox fires input then change; a text field fires input.
  document.addEventListener('input', (e) => done(e.target && e.target.type === 'checkbox' ? 'checkbox' : 'text'), true);
})();`;

type Probe = {
  longTasks: Array<{ start: number; duration: number }>;
  rafGaps: number[];
  maxRows: number;
  keys: Array<{ kind: string; key: string; target: string; handledMs: number; frameMs: number }>;
  longTaskError?: string;
};

const pad = (n: number) => String(n).padStart(2, '0');
const eventDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:00:00`;
const percentile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

export async function benchWindow(opts: WindowBenchOptions = {}): Promise<WindowFigures> {
  const chunks = opts.chunks ?? 8760;
  const engine = opts.engine ?? 'real';
  const keystrokes = opts.keystrokes ?? 10;
  const log = opts.log ?? (() => undefined);
  // The Long Tasks API measures wall time: on a busy machine a task waits for a core, and every task looks longer.
  const loadBefore = os.loadavg()[0]!;
  const bridge = await spawnBridge({ env: engine === 'synthetic' ? { BRIDGE_ENGINE: 'synthetic' } : {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript({ content: bridgeClientScript(bridge.windowToken, { record: false }) });
    await page.addInitScript({ content: PROBE });
    await page.goto(bridge.url);
    await page.getByLabel('Connection', { exact: true }).filter({ hasText: 'Sandbox' }).waitFor();

    const start = new Date('2024-03-01T00:00:00Z');
    const end = new Date(start.getTime() + chunks * 3_600_000);
    await page.getByRole('textbox', { name: 'Start (start_date)', exact: true }).fill(eventDate(start));
    await page.getByRole('textbox', { name: 'End (end_date)', exact: true }).fill(eventDate(end));
    await page.getByLabel('Chunk hours (chunk_hours)').fill('1');
    await page
      .getByTestId('plan-summary')
      .filter({ hasText: `${num(chunks)} chunks of 1 h` })
      .waitFor();

    const cdp = opts.profile || opts.trace ? await page.context().newCDPSession(page) : null;
    if (cdp && opts.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
    }
    const traceEvents: unknown[] = [];
    if (cdp && opts.trace) {
      cdp.on('Tracing.dataCollected', (d: { value: unknown[] }) => traceEvents.push(...d.value));
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute,blink.user_timing',
        transferMode: 'ReportEvents',
      });
    }
    await page.evaluate(() => ((globalThis as unknown as { __probe: { streaming: boolean } }).__probe.streaming = true));
    const t0 = await page.evaluate(() => performance.now());
    const wall0 = Date.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.chunk-scroll .status.success').first().waitFor({ timeout: 120_000 });
    const pageNow = () => page.evaluate(() => performance.now());
    const tFirst = await pageNow();
    log(`window bench: streaming ${num(chunks)} chunks (${engine} engine)…`);

    // Keystrokes in the run view: Space on "Follow the running chunk" (the event form is locked during a run).
    const follow = page.locator('.chunks-head label.inline', { hasText: 'Follow the running chunk' }).locator('input');
    await follow.focus();
    for (let i = 0; i < keystrokes * 2; i++) {
      await page.keyboard.press('Space');
      await sleep(250);
    }
    // Keystrokes in a text field while the run streams: the connection editor's Name field in Settings.
    // While the run streams, elements are found by CSS, not by role or label: Playwright evaluates those queries in
    // the page's main thread over the whole DOM (roles and accessible names of every element, ~5,000 with the log),
    // 20–80 ms a query on this machine, and the final wait polls about once a second — the probe's own long tasks.
    const tSettings = await pageNow();
    await page.locator('nav.tabs button', { hasText: 'Connections & destinations' }).click();
    await page.locator('button', { hasText: 'Add connection' }).click();
    await page.locator('#conn-name').focus();
    for (let i = 0; i < keystrokes; i++) {
      await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
      await sleep(250);
    }
    const tBack = await pageNow();
    await page.locator('nav.tabs button', { hasText: /^Backfill$/ }).click();
    const runningAtEnd = (await page.locator('.summary').count()) === 0;

    await page.locator('.summary[role="status"][aria-label="Run summary"]').waitFor({ timeout: 30 * 60_000 });
    const wallMs = Date.now() - wall0;
    const t1 = await page.evaluate(() => performance.now());
    await page.evaluate(() => ((globalThis as unknown as { __probe: { streaming: boolean } }).__probe.streaming = false));
    const probe = (await page.evaluate(() => (globalThis as unknown as { __probe: unknown }).__probe)) as Probe;
    const finalRows = await page.locator('.chunk-scroll [role="row"]').count();
    const summaryText = (await page.locator('.summary h2').textContent()) ?? '';
    const succeeded = await page.getByTestId('summary-succeeded').textContent();

    const during = probe.longTasks.filter((t) => t.start >= t0 && t.start <= t1);
    const loadAfter = os.loadavg()[0]!;
    let traced: TracedTasks | undefined;
    // When the long tasks happened, against the run's phases (seconds since Run was clicked).
    const at = (t: number) => `${((t - t0) / 1000).toFixed(2)} s`;
    log(
      `window bench: first ✓ row at ${at(tFirst)}, to Settings at ${at(tSettings)}, back at ${at(tBack)}, summary seen at ${at(t1)}; ` +
        `long tasks (start, duration): ${during.map((t) => `${at(t.start)} ${Math.round(t.duration)} ms`).join(', ') || 'none'}`,
    );
    if (cdp && opts.trace) {
      await sleep(1000);
      const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await complete;
      writeFileSync(opts.trace, JSON.stringify({ traceEvents }));
      log(`window bench: trace in ${opts.trace} (${num(traceEvents.length)} events); run clicked at ${t0.toFixed(0)} ms page time`);
      traced = tracedTasks(traceEvents as TraceEvent[]);
      log(
        `window bench: renderer main-thread tasks in the trace (click to summary + 1 s): ${num(traced.tasks)}; ` +
          `longest ${traced.longestWallMs} ms wall, ${traced.longestCpuMs} ms CPU; over 50 ms: ${traced.over50Wall} by wall time, ${traced.over50Cpu} by CPU time`,
      );
    }
    if (cdp && opts.profile) {
      // Settle a moment so the summary's own work is in the profile too.
      await sleep(1000);
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      writeFileSync(opts.profile, JSON.stringify(profile));
      log(`window bench: CPU profile in ${opts.profile} (profile time ≈ time since Run was clicked)`);
      log(printStretches(profile, 50));
    }
    const checkbox = probe.keys.filter((k) => k.kind === 'checkbox').map((k) => k.frameMs);
    const typed = probe.keys.filter((k) => k.kind === 'text').map((k) => k.frameMs);
    return {
      engine: engine === 'real' ? 'real engine, sandbox tenant, local folder' : 'synthetic engine through the real RunManager/coalescer',
      chunks,
      outcome: `${summaryText.trim()}, ✓ ${succeeded}`,
      streamingSeconds: Math.round(wallMs / 100) / 10,
      keystrokesDuringRun: runningAtEnd ? 'yes' : 'no (the run ended before the keystrokes did)',
      loadBefore: Math.round(loadBefore * 100) / 100,
      loadAfter: Math.round(loadAfter * 100) / 100,
      ...(traced
        ? {
            tracedLongestCpuMs: traced.longestCpuMs,
            tracedLongestWallMs: traced.longestWallMs,
            tracedOver50Cpu: traced.over50Cpu,
            tracedOver50Wall: traced.over50Wall,
          }
        : {}),
      domRowsMax: probe.maxRows,
      domRowsAtEnd: finalRows,
      longTasks: during.length,
      longestTaskMs: during.length ? Math.round(Math.max(...during.map((t) => t.duration))) : 0,
      longTaskApi: probe.longTaskError ?? 'ok',
      rafGapMaxMs: Math.round(Math.max(0, ...probe.rafGaps)),
      rafGapP99Ms: Math.round(percentile(probe.rafGaps, 0.99)),
      checkboxKeyMedianMs: Math.round(percentile(checkbox, 0.5)),
      checkboxKeyMaxMs: Math.round(Math.max(...checkbox)),
      checkboxKeys: checkbox.length,
      textKeyMedianMs: Math.round(percentile(typed, 0.5)),
      textKeyMaxMs: Math.round(Math.max(...typed)),
      textKeys: typed.length,
    };
  } finally {
    await browser.close();
    await bridge.stop();
  }
}

/** The runner's group (test/bench/run.ts). */
export async function windowGroup(o: {
  chunks: number;
  engine?: 'real' | 'synthetic';
  profile?: string;
  trace?: string;
}): Promise<GroupResult> {
  buildRenderer();
  const f = await benchWindow({ chunks: o.chunks, engine: o.engine, profile: o.profile, trace: o.trace, log: (l) => console.log(l) });
  return {
    group: 'window',
    title: `the window in Chromium, ${num(o.chunks)} chunks streaming (${f.engine})`,
    figures: [
      { name: 'run', value: `${f.outcome} in ${f.streamingSeconds} s`, note: 'the streamed run, click to summary' },
      {
        name: 'table rows in the DOM',
        value: `${f.domRowsMax} max, ${f.domRowsAtEnd} at the end`,
        note: `of ${num(o.chunks)} chunks: the table is virtualised`,
      },
      {
        name: 'longest main-thread task',
        // The Long Tasks API reports only tasks over 50 ms: none means every task was shorter.
        value: f.longTasks === 0 ? 'under 50 ms' : ms(Number(f.longestTaskMs)),
        note: `Long Tasks API while streaming; ${f.longTasks} tasks over 50 ms`,
      },
      ...(f.tracedLongestCpuMs !== undefined
        ? [
            {
              name: 'longest task, CPU time',
              value: ms(Number(f.tracedLongestCpuMs)),
              note: `from the trace; ${f.tracedOver50Cpu} tasks over 50 ms of CPU (${f.tracedOver50Wall} over 50 ms of wall time)`,
            },
          ]
        : []),
      { name: 'longest frame gap', value: ms(Number(f.rafGapMaxMs)), note: `requestAnimationFrame probe; p99 ${f.rafGapP99Ms} ms` },
      {
        name: 'keystroke → render, checkbox',
        value: `${f.checkboxKeyMedianMs} ms median, ${f.checkboxKeyMaxMs} ms max`,
        note: `${f.checkboxKeys} Space presses on "Follow the running chunk", run view streaming`,
      },
      {
        name: 'keystroke → render, text field',
        value: `${f.textKeyMedianMs} ms median, ${f.textKeyMaxMs} ms max`,
        note: `${f.textKeys} keys typed in Settings › connection Name during the run`,
      },
      {
        name: 'machine load (1-min average)',
        value: `${f.loadBefore} before, ${f.loadAfter} after`,
        note: `${os.cpus().length} cores; long tasks are wall time, so a busy machine lengthens them`,
      },
    ],
    data: f,
  };
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
interface TracedTasks {
  tasks: number;
  longestWallMs: number;
  longestCpuMs: number;
  over50Wall: number;
  over50Cpu: number;
}

/** The renderer main thread's tasks in a Chromium trace, by wall time (dur) and by the thread's CPU time (tdur). */
function tracedTasks(events: TraceEvent[]): TracedTasks {
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const k = `${e.pid}:${e.tid}`;
    const list = byThread.get(k);
    if (list) list.push(e);
    else byThread.set(k, [e]);
  }
  // The page's thread is the busiest renderer main thread.
  const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const wall = tasks.map((t) => (t.dur ?? 0) / 1000);
  const cpu = tasks.map((t) => (t.tdur ?? 0) / 1000);
  return {
    tasks: tasks.length,
    longestWallMs: Math.round(Math.max(0, ...wall)),
    longestCpuMs: Math.round(Math.max(0, ...cpu)),
    over50Wall: wall.filter((x) => x > 50).length,
    over50Cpu: cpu.filter((x) => x > 50).length,
  };
}

function buildRenderer(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--renderer-only'], { cwd: ROOT, stdio: 'inherit' });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const engine = arg('engine') === 'synthetic' ? 'synthetic' : 'real';
  const r = await windowGroup({ chunks: Number(arg('chunks') ?? 8760), engine, profile: arg('profile'), trace: arg('trace') });
  const { printGroup } = await import('./report');
  printGroup(r);
}
