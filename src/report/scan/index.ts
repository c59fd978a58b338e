import type { ScanReport } from '../../scan/types.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export type ScanFormat = 'table' | 'json' | 'sarif' | 'markdown' | 'html';
export const SCAN_FORMATS: readonly ScanFormat[] = ['table', 'json', 'sarif', 'markdown', 'html'];

export interface RenderOptions {
  /** ANSI colours in the table (only on a terminal). */
  color?: boolean;
}

/** Renders a scan report in one of the five formats; pure (no I/O, no clock): the same report gives the same bytes. */
export function renderScanReport(
  report: ScanReport,
  format: ScanFormat,
  options: RenderOptions = {},
): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'table':
      return renderTable(report, options);
    case 'sarif':
      return renderSarif(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
  throw new Error(`unknown scan output format: ${String(format)} (one of ${SCAN_FORMATS.join(', ')})`);
}
