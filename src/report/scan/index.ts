import type { ScanReport } from '../../scan/types.js';

export type ScanFormat = 'table' | 'json' | 'sarif' | 'markdown' | 'html';
export const SCAN_FORMATS: readonly ScanFormat[] = ['table', 'json', 'sarif', 'markdown', 'html'];

export interface RenderOptions {
  /** ANSI colours in the table (only on a terminal). */
  color?: boolean;
}

/** Renders a scan report in one of the five formats; pure (no I/O). */
export function renderScanReport(
  report: ScanReport,
  format: ScanFormat,
  _options: RenderOptions = {},
): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  // Replaced by the renderers of issue 5 (table, SARIF, Markdown, HTML).
  throw new Error(`scan output format ${format} is not implemented yet`);
}
