import { dirname } from 'node:path';
import { isCloudFormation, isSam, readCloudFormation } from './extract/cloudformation.js';
import { isOpenApi, openApiKind, readOpenApi } from './extract/openapi.js';
import { isServerless, readServerless } from './extract/serverless.js';
import { readTerraform } from './extract/terraform.js';
import type { Json } from './parse/located.js';
import { HclSyntaxError, parseTerraform, type TfResource } from './parse/terraform.js';
import { parseYaml, YamlSyntaxError } from './parse/yaml.js';
import { LINT_RULES } from './rules/index.js';
import { parseError } from './rules/parse-error.js';
import {
  emptyModel,
  type Framework,
  type IacModel,
  type LintFinding,
  type LintSeverity,
  type SourceFile,
} from './types.js';

export interface LintInput {
  /** The path as reported (relative to where the user ran the command). */
  path: string;
  /** The file's text, or the error met reading it. */
  text: string | Error;
}

export interface LintOptions {
  /** Only these rules (ids). */
  rules?: string[];
  /** Not these rules (ids). */
  ignore?: string[];
  /** Report findings of this severity and above. */
  severity?: LintSeverity;
}

export interface LintResult {
  /** Every file looked at, with the framework recognised (null: not an API Gateway IaC file, skipped). */
  files: { path: string; framework: Framework | null }[];
  findings: LintFinding[];
}

const RANK: Record<LintSeverity, number> = { info: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: LintSeverity, threshold: LintSeverity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Lints IaC files: pure apart from loading its parsers (yaml, @cdktf/hcl2json) lazily. */
export async function lint(inputs: LintInput[], options: LintOptions = {}): Promise<LintResult> {
  const files: LintResult['files'] = [];
  const findings: LintFinding[] = [];
  const fail = (path: string, line: number, message: string) =>
    findings.push({
      ruleId: parseError.id,
      severity: parseError.severity,
      file: path,
      line,
      message: `${path}:${line}: ${message}`,
      fix: { summary: 'Fix the syntax error at that line; the file was not checked.' },
    });

  const terraformModules = new Map<string, TfResource[]>();
  const needsYaml = inputs.some((i) => !i.path.endsWith('.tf') && typeof i.text === 'string');
  const yaml = needsYaml ? await import('yaml') : null;
  let hcl: { parse(file: string, text: string): Promise<Record<string, unknown>> } | null = null;

  for (const input of inputs) {
    if (input.text instanceof Error) {
      files.push({ path: input.path, framework: null });
      fail(input.path, 1, `cannot read the file: ${input.text.message}`);
      continue;
    }
    if (input.path.endsWith('.tf')) {
      hcl ??= (await import('@cdktf/hcl2json')) as unknown as typeof hcl;
      try {
        const resources = await parseTerraform(hcl!, input.path, input.text);
        const folder = dirname(input.path);
        terraformModules.set(folder, [...(terraformModules.get(folder) ?? []), ...resources]);
        files.push({ path: input.path, framework: 'terraform' });
      } catch (error) {
        files.push({ path: input.path, framework: 'terraform' });
        if (error instanceof HclSyntaxError) fail(input.path, error.line, `invalid HCL: ${error.message}`);
        else throw error;
      }
      continue;
    }
    let doc: Json;
    const jsonError = /\.json$/i.test(input.path) ? strictJsonError(input.text) : null;
    if (jsonError) {
      files.push({ path: input.path, framework: null });
      fail(input.path, jsonError.line, `invalid JSON: ${jsonError.message}`);
      continue;
    }
    try {
      doc = parseYaml(yaml!, input.text);
    } catch (error) {
      if (!(error instanceof YamlSyntaxError)) throw error;
      files.push({ path: input.path, framework: null });
      fail(
        input.path,
        error.line,
        `invalid ${/\.json$/i.test(input.path) ? 'JSON' : 'YAML'}: ${error.message}`,
      );
      continue;
    }
    const { framework, model } = modelOf(doc, input.path);
    files.push({ path: input.path, framework });
    if (model) findings.push(...runRules(model));
  }
  for (const resources of terraformModules.values()) {
    const model = emptyModel();
    readTerraform(resources, model);
    findings.push(...runRules(model));
  }

  const selected = findings.filter(
    (f) =>
      (!options.rules?.length || options.rules.includes(f.ruleId)) &&
      !options.ignore?.includes(f.ruleId) &&
      severityAtLeast(f.severity, options.severity ?? 'info'),
  );
  const order = new Map(inputs.map((input, index) => [input.path, index]));
  selected.sort(
    (a, b) =>
      (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
      a.line - b.line ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { files, findings: selected };
}

function modelOf(doc: Json, path: string): { framework: Framework | null; model: IacModel | null } {
  const syntax: SourceFile['syntax'] = /\.json$/i.test(path) ? 'json' : 'yaml';
  const model = emptyModel();
  if (isServerless(doc)) {
    readServerless(doc, path, syntax, model);
    return { framework: 'serverless', model };
  }
  if (isCloudFormation(doc)) {
    const framework = isSam(doc) ? 'sam' : 'cloudformation';
    readCloudFormation(
      doc.Resources as Record<string, Json>,
      { file: path, framework, syntax },
      model,
      doc.Globals,
    );
    return { framework, model };
  }
  if (isOpenApi(doc)) {
    const facts = readOpenApi(doc, path, 'definition', 'openapi');
    model.apis.push({
      file: path,
      line: 1,
      key: 'definition',
      kind: openApiKind(doc),
      framework: 'openapi',
      syntax,
      deployedBy: 'elsewhere',
      bodyDefined: true,
      endpointTypes: 'unknown',
      endpointLine: 1,
      hasPolicy: facts.hasPolicy || 'unknown',
      disableExecuteApiEndpoint: facts.disableExecuteApiEndpoint ?? 'unknown',
      corsByFramework: facts.cors,
      quickCreate: false,
    });
    model.routes.push(...facts.routes);
    model.gatewayResponses.push(...facts.gatewayResponses);
    return { framework: 'openapi', model };
  }
  return { framework: null, model: null };
}

/** YAML accepts what JSON does not (trailing commas, comments): a .json file must be strict JSON. */
function strictJsonError(text: string): { line: number; message: string } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    return { line, message: message.replace(/ in JSON at position \d+.*$/, '') };
  }
}

function runRules(model: IacModel): LintFinding[] {
  return LINT_RULES.flatMap((rule) => rule.check(model));
}
