export { renderReport, formatFromPath, reportFileName, writeReport, REPORT_FORMATS, REPORT_FILTERS, type ReportFormat, type RenderOptions } from './render';
export { buildReportData, REPORT_VERSION, type ReportData, type ReportChunk } from './report-data';
export { CSV_COLUMNS } from './csv';
