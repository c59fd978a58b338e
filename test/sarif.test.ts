import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSarif } from '../src/report/sarif.js';
import { sarifErrors } from './sarif-schema.js';

const tool = {
  name: 'apigw-doctor',
  version: '0.1.0',
  informationUri: 'https://github.com/apigw-doctor/apigw-doctor',
};

test('SARIF logs validate against the official 2.1.0 schema, rules indexed by id', () => {
  const log = toSarif(
    tool,
    [{ id: 'b-rule', shortDescription: 'B', helpUri: 'https://example.com/b', defaultLevel: 'warning' }],
    [
      {
        ruleId: 'b-rule',
        level: 'warning',
        message: 'found b',
        uri: 'infra/main.tf',
        startLine: 12,
        fingerprint: 'x1',
      },
      {
        ruleId: 'a-rule',
        level: 'error',
        message: 'found a',
        uri: 'arn:aws:apigateway:eu-west-1::/restapis/abc',
      },
    ],
  );
  assert.deepEqual(sarifErrors(log), []);
  const run = log.runs[0]!;
  assert.deepEqual(
    run.tool.driver.rules!.map((r) => r.id),
    ['a-rule', 'b-rule'],
  );
  assert.deepEqual(
    run.results!.map((r) => [r.ruleId, r.ruleIndex]),
    [
      ['b-rule', 1],
      ['a-rule', 0],
    ],
  );
  assert.equal(run.results![0]!.locations![0]!.physicalLocation!.region!.startLine, 12);
});

test('the schema check rejects a broken log (the check can fail)', () => {
  assert.notDeepEqual(sarifErrors({ version: '2.1.0', runs: [{ results: [] }] }), []);
  assert.notDeepEqual(sarifErrors({ version: '2.0.0', runs: [] }), []);
});
