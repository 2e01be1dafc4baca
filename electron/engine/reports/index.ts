export { renderReport, formatFromPath, reportFileName, writeReport, REPORT_FORMATS, REPORT_FILTERS, type ReportFormat } from './render';
