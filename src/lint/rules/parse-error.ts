import type { LintRule } from '../types.js';

/** Reported by the engine itself when a file cannot be read or parsed; listed here for docs, SARIF and --rule. */
export const parseError: LintRule = {
  id: 'parse-error',
  title: 'File cannot be read or parsed',
  severity: 'error',
  why: 'A template that does not parse cannot be checked (and will not deploy): the message gives the parser error and its line. YAML follows https://yaml.org/spec/1.2.2/, Terraform the HCL native syntax (https://developer.hashicorp.com/terraform/language/syntax/configuration).',
  docs: [
    'https://yaml.org/spec/1.2.2/',
    'https://developer.hashicorp.com/terraform/language/syntax/configuration',
  ],
  check: () => [],
};
