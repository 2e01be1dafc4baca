// Markdown report: the summary block exactly as the log prints it (in a fence, so nothing in it is interpreted),
// the run's facts, totals and a table per chunk. Table cells are escaped so a value cannot break the table or
// inject HTML.
import { toOriginalEvent } from '../../../shared/event/schema';
import {
  formatDuration,
  modeText,
  reconText,
  reportTitle,
  statusMark,
  TOTALS_HEAD,
  totalsRow,
  warningText,
  type ReportData,
} from './report-data';

/** Escapes a value for a GFM table cell. */
export function mdCell(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A fence longer than any backtick run in the content, so the content cannot close it. */
function fence(lines: readonly string[], info = ''): string[] {
  const longest = Math.max(
    0,
    ...(lines
      .join('\n')
      .match(/`+/g)
      ?.map((m) => m.length) ?? []),
  );
  const f = '`'.repeat(Math.max(3, longest + 1));
  return [`${f}${info}`, ...lines, f];
}

function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  return [
    `| ${header.map(mdCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

export function renderMarkdown(d: ReportData): string {
  const t = d.totals;
  const out: string[] = [
    `# Mambu Backfill run: ${mdCell(reportTitle(d))}`,
    '',
    `**Final status: ${mdCell(d.statusLabel)}**`,
    '',
    ...table(
      ['Field', 'Value'],
      [
        ['Run id', d.runId],
        ['Mode', modeText(d)],
        ['Table', d.event.table_name],
        ['Endpoint', `${d.event.endpoint} (${d.event.request_type.toUpperCase()})`],
        ['Window (UTC)', `${d.event.start_date} to ${d.event.end_date}`],
        ['Connection', d.connection],
        ['Destination', `${d.destination} (${d.destinationUri})`],
        ['Started', d.startedAt],
        ['Finished', d.finishedAt ?? 'not finished'],
        ['App version', d.appVersion],
        ['Report', `${d.generatedAt} by ${d.generator.name} ${d.generator.version}`],
        ...(d.fatalError ? [['Fatal error', d.fatalError] as [string, string]] : []),
      ],
    ),
    '',
    '## Summary',
    '',
    ...fence(d.summary),
    '',
    '## Totals',
    '',
    ...table(TOTALS_HEAD, [totalsRow(d)]),
    '',
    "Duration is the run's wall time (start to end); Chunk time sums each chunk's own duration.",
    '',
    '## Warnings',
    '',
    ...(d.warningSummary.length === 0
      ? ['No warnings.']
      : [
          `⚠ ${t.warnings} warning(s) over ${d.chunks.filter((c) => c.warningCount > 0).length} chunk(s).`,
          '',
          ...table(
            ['Kind', 'Column', 'Chunks', 'Count', 'Example'],
            d.warningSummary.map((w) => [w.kind, w.column ?? '', w.chunks, w.count, w.example]),
          ),
        ]),
    '',
    ...(d.reconciliation
      ? [
          '## Reconciliation',
          '',
          ...table(
            ['Chunks with figures', 'Reported (Items-Total)', 'Fetched', 'Kept', 'Outside window', 'Duplicates', 'Rows written'],
            [
              [
                d.reconciliation.chunks,
                d.reconciliation.reported ?? 'not asked',
                d.reconciliation.fetched,
                d.reconciliation.kept,
                d.reconciliation.outsideWindow,
                d.reconciliation.duplicates,
                d.reconciliation.rowsWritten,
              ],
            ],
          ),
          '',
        ]
      : []),
    '## Chunks',
    '',
    ...table(
      [
        '#',
        'Start',
        'End',
        'Kind',
        'Status',
        'Records',
        'Pages',
        'Requests',
        'Retries',
        'Duration',
        'Warnings',
        ...(d.reconciliation ? ['Reconciliation'] : []),
        'Objects',
        'Error',
      ],
      d.chunks.map((c) => [
        c.index,
        c.start,
        c.end,
        c.kind,
        `${statusMark(c.status)} ${c.status}${c.status === 'success' && c.warningCount > 0 ? ' ⚠' : ''}`,
        c.records,
        c.pages,
        c.requests,
        c.retries,
        formatDuration(c.durationMs),
        c.warningDetails.map(warningText).join('\n'),
        ...(d.reconciliation ? [reconText(c)] : []),
        c.objects.join('\n'),
        c.error ?? '',
      ]),
    ),
    '',
    '## Event',
    '',
    ...fence(JSON.stringify(toOriginalEvent(d.event), null, 2).split('\n'), 'json'),
    '',
  ];
  return out.join('\n');
}
