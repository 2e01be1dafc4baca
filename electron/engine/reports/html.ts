// HTML report: one self-contained, printable file. Inline CSS only, no scripts, no external resources (a CSP meta
// forbids them too, in case a value ever slipped through), every value HTML-escaped, ✓ green / ✗ red.
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
import { recordsChartSvg, statusStripSvg, stripLegend } from './svg';

export function escapeHtml(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: #1b1f24; margin: 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
.status { display: inline-block; padding: .2rem .6rem; border-radius: 4px; font-weight: 600; color: #fff; }
.status-0 { background: #1a7f37; } .status-1 { background: #cf222e; } .status-2 { background: #9a6700; } .status-none, .status-cancelled { background: #57606a; }
svg.strip, svg.chart { display: block; max-width: 100%; height: auto; margin: .25rem 0; }
.legend { font-size: 12px; color: #57606a; margin: .25rem 0 1rem; } .key { margin-right: 1rem; white-space: nowrap; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -1px; border-radius: 2px; }
.warn { color: #9a6700; font-weight: 600; } ul.warnings { margin: 0; padding-left: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border: 1px solid #d0d7de; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts { width: auto; } table.facts th { width: 11rem; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
tr.failed td, tr.cancelled td, tr.pending td, tr.running td { background: #fff5f5; }
.objects { margin: 0; padding-left: 1rem; word-break: break-all; } .error { white-space: pre-wrap; word-break: break-word; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .75rem; overflow-x: auto; font: 12px/1.4 ui-monospace, "Liberation Mono", Menlo, Consolas, monospace; white-space: pre-wrap; }
footer { margin-top: 2rem; color: #57606a; font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 10px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { font-size: 9px; }
  tr, pre { break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; }
}
`;

function factsRow(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function head(cells: readonly string[]): string {
  return `<thead><tr>${cells.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
}

function num(n: number | string): string {
  return `<td class="num">${escapeHtml(n)}</td>`;
}

export function renderHtml(d: ReportData): string {
  const title = `Mambu Backfill run: ${reportTitle(d)}`;
  const statusClass = d.outcome === 'cancelled' ? 'status-cancelled' : d.status === null ? 'status-none' : `status-${d.status}`;
  const withRec = d.reconciliation !== null;
  const chunkRows = d.chunks
    .map((c) => {
      const mark = statusMark(c.status);
      const warned =
        c.warningCount > 0
          ? `<span class="warn">⚠ ${c.warningCount}</span>` +
            `<ul class="warnings">${c.warningDetails.map((w) => `<li>${escapeHtml(warningText(w))}</li>`).join('')}</ul>`
          : '';
      const objects = c.objects.length ? `<ul class="objects">${c.objects.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>` : '';
      return (
        `<tr class="${escapeHtml(c.status)}">` +
        num(c.index) +
        `<td>${escapeHtml(c.start)}</td><td>${escapeHtml(c.end)}</td><td>${escapeHtml(c.kind)}</td>` +
        `<td><span class="${mark === '✓' ? 'ok' : 'bad'}">${mark}</span> ${escapeHtml(c.status)}${c.warningCount > 0 && c.status === 'success' ? ' <span class="warn">with warnings</span>' : ''}</td>` +
        num(c.records) +
        num(c.pages) +
        num(c.requests) +
        num(c.retries) +
        num(formatDuration(c.durationMs)) +
        `<td>${warned}</td>` +
        (withRec ? `<td>${escapeHtml(reconText(c))}</td>` : '') +
        `<td>${objects}</td><td class="error">${escapeHtml(c.error ?? '')}</td></tr>`
      );
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p><span class="status ${statusClass}">${escapeHtml(d.statusLabel)}</span></p>
</header>
<h2>Run</h2>
<table class="facts"><tbody>
${[
  factsRow('Run id', d.runId),
  factsRow('Mode', modeText(d)),
  factsRow('Table', d.event.table_name),
  factsRow('Endpoint', `${d.event.endpoint} (${d.event.request_type.toUpperCase()})`),
  factsRow('Window (UTC)', `${d.event.start_date} to ${d.event.end_date}`),
  factsRow('Connection', d.connection),
  factsRow('Destination', `${d.destination} (${d.destinationUri})`),
  factsRow('Started', d.startedAt),
  factsRow('Finished', d.finishedAt ?? 'not finished'),
  factsRow('Final status', d.statusLabel),
  factsRow('App version', d.appVersion),
  ...(d.fatalError ? [factsRow('Fatal error', d.fatalError)] : []),
].join('\n')}
</tbody></table>
<h2>Totals</h2>
<table class="totals">${head(TOTALS_HEAD)}
<tbody><tr>${totalsRow(d).map(num).join('')}</tr></tbody></table>
<p class="legend">Duration is the run's wall time (start to end); Chunk time sums each chunk's own duration. Requests counts the chunks' requests; Setup requests those of the check before chunk 1.</p>
<h2>Chunk status</h2>
${statusStripSvg(d.chunks)}
<p class="legend">${stripLegend(d.chunks)}</p>
<h2>Records per chunk</h2>
${recordsChartSvg(d.chunks)}
<h2>Warnings</h2>
${warningsSection(d)}
${d.reconciliation ? reconciliationSection(d.reconciliation) : ''}
<h2>Chunks</h2>
<table class="chunks">${head(['#', 'Start', 'End', 'Kind', 'Status', 'Records', 'Pages', 'Requests', 'Retries', 'Duration', 'Warnings', ...(withRec ? ['Reconciliation'] : []), 'Objects', 'Error'])}
<tbody>
${chunkRows}
</tbody></table>
<h2>Summary</h2>
<pre>${escapeHtml(d.summary.join('\n'))}</pre>
<h2>Event</h2>
<pre>${escapeHtml(JSON.stringify(toOriginalEvent(d.event), null, 2))}</pre>
<footer>Generated ${escapeHtml(d.generatedAt)} by ${escapeHtml(d.generator.name)} ${escapeHtml(d.generator.version)}.</footer>
</body>
</html>
`;
}

function warningsSection(d: ReportData): string {
  if (d.warningSummary.length === 0) return '<p>No warnings.</p>';
  const rows = d.warningSummary
    .map(
      (w) =>
        `<tr><td>${escapeHtml(w.kind)}</td><td>${escapeHtml(w.column ?? '')}</td>${num(w.chunks)}${num(w.count)}<td>${escapeHtml(w.example)}</td></tr>`,
    )
    .join('\n');
  return `<p><span class="warn">⚠ ${escapeHtml(d.totals.warnings)} warning(s)</span> over ${escapeHtml(d.chunks.filter((c) => c.warningCount > 0).length)} chunk(s).</p>
<table class="warnings">${head(['Kind', 'Column', 'Chunks', 'Count', 'Example'])}<tbody>
${rows}
</tbody></table>`;
}

function reconciliationSection(r: NonNullable<ReportData['reconciliation']>): string {
  return `<h2>Reconciliation</h2>
<table class="facts reconciliation"><tbody>
${[
  factsRow('Chunks with figures', String(r.chunks)),
  factsRow('Reported by Mambu (Items-Total)', r.reported === null ? 'not asked' : String(r.reported)),
  factsRow('Fetched', String(r.fetched)),
  factsRow('Kept', String(r.kept)),
  factsRow('Outside the window (dropped)', String(r.outsideWindow)),
  factsRow('Duplicates (dropped)', String(r.duplicates)),
  factsRow('Rows written', String(r.rowsWritten)),
].join('\n')}
</tbody></table>`;
}
