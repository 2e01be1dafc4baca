import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, RunSummaryView } from '../../shared/ipc/contract';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { planChunks } from '../../shared/plan';
import type { ChunkResult, RunRecord } from '../../shared/run-types';
import { runStatus } from '../../shared/summary';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api';
import { HistoryList } from '../../renderer/src/history/HistoryList';
import { ResumeBanner } from '../../renderer/src/history/ResumeBanner';
import { fakeApi } from './fake-api';

const planned = planChunks(SAMPLE_EVENT).chunks;
const chunk = (i: number, status: ChunkResult['status']): ChunkResult => ({
  ...planned[i]!,
  status,
  records: status === 'success' ? 40 : 0,
  pages: 1,
  requests: 1,
  retries: 0,
  durationMs: 120,
  objects: [],
  warnings: [],
  schemaDrift: [],
  ...(status === 'failed' ? { error: 'HTTP 400 from loans/transactions:search: INVALID_PARAMETERS' } : {}),
});

function record(runId: string, failing: number[], finished = true): RunRecord {
  const chunks = planned.map((_, i) => chunk(i, failing.includes(i + 1) ? 'failed' : 'success'));
  return {
    runId,
    event: SAMPLE_EVENT,
    context: { connection: 'Test tenant', destination: 'Lake', destinationUri: '/data/lake', appVersion: '0.1.0', mode: 'run' },
    startedAt: '2025-04-07T10:00:00.000Z',
    chunks,
    ...(finished ? { finishedAt: '2025-04-07T10:01:05.000Z', status: runStatus(chunks) } : {}),
  };
}

function summary(r: RunRecord, over: Partial<RunSummaryView> = {}): RunSummaryView {
  const ok = r.chunks.filter((c) => c.status === 'success').length;
  return {
    runId: r.runId,
    path: `/home/a/.config/Mambu Backfill/runs/${r.runId}.json`,
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    table: r.event.table_name,
    endpoint: r.event.endpoint,
    window: { start: r.event.start_date, end: r.event.end_date },
    ...(r.status !== undefined ? { status: r.status } : {}),
    statusLabel: r.status === 0 ? 'Complete Success' : r.status === 2 ? 'Partial Success' : 'Interrupted',
    chunks: r.chunks.length,
    succeeded: ok,
    notSucceeded: r.chunks.length - ok,
    failed: r.chunks.length - ok,
    cancelled: 0,
    records: r.chunks.reduce((a, c) => a + c.records, 0),
    warnings: 0,
    mode: r.context.mode,
    connection: r.context.connection,
    destination: r.context.destination,
    live: false,
    interrupted: !r.finishedAt,
    ...over,
  };
}

const partial = record('20250407-100000-aaaaaa', [5]);
const ENTRIES: HistoryEntry[] = [
  { readable: true, summary: summary(partial) },
  {
    readable: true,
    summary: summary(record('20250406-090000-bbbbbb', []), { mode: 'retry-failed', parentRunId: '20250405-000000-cccccc' }),
  },
  {
    readable: false,
    runId: '20250101-000000-bad000',
    path: '/x/runs/20250101-000000-bad000.json.corrupt-20250407',
    modifiedAt: '2025-01-01T00:00:00.000Z',
    message: 'The run journal could not be read and was kept aside as 20250101-000000-bad000.json.corrupt-20250407.',
  },
];

describe('history list', () => {
  it('lists when, table, window, status, ✓/✗, records and mode, and unreadable journals with why', async () => {
    const onOpen = vi.fn();
    render(<HistoryList entries={ENTRIES} onOpen={onOpen} />);
    const table = screen.getByRole('table', { name: 'Past runs' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['When (UTC)', 'Table', 'Window', 'Status', '✓', '✗', '⚠', 'Records', 'Duration', 'Mode', 'Open']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const first = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(first.slice(1, 10)).toEqual([
      'mambu_loan_transactions',
      '2025-01-01 00:00:00 → 2025-01-10 00:00:00',
      'Partial Success',
      '8',
      '1',
      '0',
      '320',
      expect.any(String),
      'run',
    ]);
    expect(first[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(within(rows[1]!).getByText(/of 20250405-000000-cccccc/)).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('Run 20250101-000000-bad000: The run journal could not be read and was kept aside');
    await userEvent.setup().click(within(rows[0]!).getByRole('button', { name: /Open run 20250407-100000-aaaaaa/ }));
    expect(onOpen).toHaveBeenCalledWith('20250407-100000-aaaaaa');
  });

  it('in the app: opens a run in the same table and summary view, retries its ✗ chunks, and notes the unreadable journal', async () => {
    const f = fakeApi({
      listHistory: vi.fn(async () => ({ ok: true as const, value: ENTRIES })),
      getRun: vi.fn(async () => ({ ok: true as const, value: partial })),
      retryRun: vi.fn(async () => ({ ok: true as const, value: { runId: 'retry-1', parentRunId: partial.runId, chunks: 1 } })),
    } as never);
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    // The damaged journal is reported without blocking anything.
    const notices = await screen.findByRole('region', { name: 'Problems with saved data' });
    expect(notices).toHaveTextContent('Run 20250101-000000-bad000 cannot be shown');
    await user.click(within(notices).getByRole('button', { name: /Dismiss/ }));
    expect(screen.queryByRole('region', { name: 'Problems with saved data' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'History' }));
    await user.click(await screen.findByRole('button', { name: /Open run 20250407-100000-aaaaaa/ }));
    expect(f.api.getRun).toHaveBeenCalledWith({ runId: partial.runId });
    const opened = await screen.findByRole('region', { name: `Run ${partial.runId}` });
    expect(within(opened).getByRole('heading', { name: /Partial Success \(status 2\)/ })).toBeInTheDocument();
    expect(within(opened).getByTestId('summary-failed')).toHaveTextContent('1');
    const grid = within(opened).getByRole('table', { name: 'Chunks' });
    expect(within(grid).getAllByLabelText('failed')).toHaveLength(1);
    // The log's lines render in a deferred (background) render, just after the view.
    await waitFor(() => expect(within(opened).getByTestId('log-lines')).toHaveTextContent('FAILED CHUNKS: 1/9'));

    await user.click(within(opened).getByRole('button', { name: 'Retry failed (1)' }));
    expect(f.api.retryRun).toHaveBeenCalledWith({ runId: partial.runId });
    // The retry streams into the Backfill view like any run.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Backfill' })).toHaveAttribute('aria-pressed', 'true'));
  });

  it('exports a report in the chosen format; main picks the path', async () => {
    const f = fakeApi({
      listHistory: vi.fn(async () => ({ ok: true as const, value: ENTRIES.slice(0, 1) })),
      getRun: vi.fn(async () => ({ ok: true as const, value: partial })),
      exportReport: vi.fn(async () => ({ ok: true as const, value: { saved: true as const, path: '/home/a/Documents/report.csv' } })),
    } as never);
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'History' }));
    await user.click(await screen.findByRole('button', { name: /Open run/ }));
    const opened = await screen.findByRole('region', { name: `Run ${partial.runId}` });
    await user.selectOptions(within(opened).getByLabelText('Report format'), 'csv');
    await user.click(within(opened).getByRole('button', { name: 'Export report…' }));
    expect(f.api.exportReport).toHaveBeenCalledWith({ runId: partial.runId, format: 'csv' });
    expect(await within(opened).findByText('Report saved to /home/a/Documents/report.csv')).toBeInTheDocument();
  });
});

describe('resume banner', () => {
  const crashed = summary(record('20250407-110000-dddddd', [], false), {
    succeeded: 4,
    notSucceeded: 5,
    statusLabel: 'Interrupted',
    interrupted: true,
  });

  it('offers each interrupted run with Resume and Dismiss', async () => {
    const f = fakeApi({ interruptedRuns: vi.fn(async () => ({ ok: true as const, value: [crashed] })) } as never);
    const onResume = vi.fn();
    const user = userEvent.setup();
    render(<ResumeBanner api={f.api} onResume={onResume} />);
    const banner = await screen.findByRole('region', { name: 'Interrupted runs' });
    expect(banner).toHaveTextContent('A run was interrupted');
    expect(banner).toHaveTextContent('4 of 9 chunks ✓');
    expect(banner).toHaveTextContent('Resume runs the other 5 with connection “Test tenant” into “Lake”');
    await user.click(within(banner).getByRole('button', { name: `Resume run ${crashed.runId}` }));
    expect(onResume).toHaveBeenCalledWith(crashed.runId);
    await user.click(within(banner).getByRole('button', { name: `Dismiss run ${crashed.runId}` }));
    expect(screen.queryByRole('region', { name: 'Interrupted runs' })).not.toBeInTheDocument();
  });

  it('shows nothing when no run was interrupted, and is disabled while a run goes', async () => {
    const none = fakeApi();
    const { unmount } = render(<ResumeBanner api={none.api} onResume={() => undefined} />);
    await waitFor(() => expect(none.api.interruptedRuns).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'Interrupted runs' })).not.toBeInTheDocument();
    unmount();
    const f = fakeApi({ interruptedRuns: vi.fn(async () => ({ ok: true as const, value: [crashed] })) } as never);
    render(<ResumeBanner api={f.api} disabled onResume={() => undefined} />);
    expect(await screen.findByRole('button', { name: `Resume run ${crashed.runId}` })).toBeDisabled();
  });

  it('in the app: Resume at start resumes the run and shows it live', async () => {
    const f = fakeApi({
      interruptedRuns: vi.fn(async () => ({ ok: true as const, value: [crashed] })),
      resumeRun: vi.fn(async () => ({ ok: true as const, value: { runId: 'resume-1', parentRunId: crashed.runId, chunks: 5 } })),
    } as never);
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await user.click(await screen.findByRole('button', { name: `Resume run ${crashed.runId}` }));
    expect(f.api.resumeRun).toHaveBeenCalledWith({ runId: crashed.runId });
    f.emit({
      type: 'run-started',
      runId: 'resume-1',
      at: '2025-04-07T12:00:00.000Z',
      event: SAMPLE_EVENT,
      context: { ...partial.context, mode: 'resume', parentRunId: crashed.runId },
      chunks: partial.chunks,
    });
    expect(await screen.findByRole('table', { name: 'Chunks' })).toBeInTheDocument();
  });
});

describe('resume of a run whose destination is not saved here (e.g. a CLI run)', () => {
  const cliRun = summary(record('20250407-120000-eeeeee', [], false), {
    succeeded: 2,
    notSucceeded: 7,
    statusLabel: 'Interrupted',
    interrupted: true,
    destination: 'cli-lake',
  });
  const missing = {
    runId: cliRun.runId,
    uri: 's3://lake-bucket/raw/',
    suggested: { kind: 's3' as const, name: 'cli-lake', bucket: 'lake-bucket', prefix: 'raw', region: 'eu-west-1' },
  };

  it('offers, beside the banner, to add the destination found by its location, then resumes', async () => {
    let calls = 0;
    const f = fakeApi({
      interruptedRuns: vi.fn(async () => ({ ok: true as const, value: [cliRun] })),
      resumeRun: vi.fn(async () =>
        ++calls === 1
          ? { ok: false as const, error: { message: 'no saved destination writes to s3://lake-bucket/raw/', missingDestination: missing } }
          : { ok: true as const, value: { runId: 'resume-2', parentRunId: cliRun.runId, chunks: 7, destination: 'cli-lake' } },
      ),
      saveDestination: vi.fn(async () => ({
        ok: true as const,
        value: { saved: { ...missing.suggested, builtIn: false, secret: 'not-needed' } },
      })),
    } as never);
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    const banner = await screen.findByRole('region', { name: 'Interrupted runs' });
    await user.click(within(banner).getByRole('button', { name: `Resume run ${cliRun.runId}` }));
    const offer = await within(banner).findByTestId('missing-destination');
    expect(offer).toHaveTextContent(`Run ${cliRun.runId} wrote to s3://lake-bucket/raw/, and no saved destination points there.`);
    // Not shown away from the banner, by the Run button.
    expect(screen.queryByText(/no saved destination writes to/)).not.toBeInTheDocument();
    await user.click(within(offer).getByRole('button', { name: 'Add “cli-lake” and resume' }));
    expect(f.api.saveDestination).toHaveBeenCalledWith({ destination: missing.suggested });
    await waitFor(() => expect(f.api.resumeRun).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId('missing-destination')).not.toBeInTheDocument());
  });
});

describe('presets file problems', () => {
  it('a corrupted presets file is reported app-wide, and the app keeps working', async () => {
    const f = fakeApi({
      listPresets: vi.fn(async () => ({
        ok: true as const,
        value: {
          presets: [],
          problems: [
            {
              kind: 'corrupt' as const,
              message: 'The presets file /x/presets.json is not valid JSON; it was kept as /x/presets.json.corrupt-1. Presets start empty.',
              path: '/x/presets.json',
              movedTo: '/x/presets.json.corrupt-1',
              issues: [],
            },
          ],
        },
      })),
    } as never);
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    const notices = await screen.findByRole('region', { name: 'Problems with saved data' });
    expect(notices).toHaveTextContent('Presets file problem');
    expect(notices).toHaveTextContent('kept as /x/presets.json.corrupt-1');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
  });
});
