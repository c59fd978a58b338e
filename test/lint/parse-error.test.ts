import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './helpers.js';

test('broken YAML, JSON and HCL give one parse-error each, with the file and line', async () => {
  const findings = await findingsOf('parse-error', {
    'bad.yaml': 'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Oops:bad\n    Type: x\n',
    'bad.json': '{\n  "Resources": {\n    "Api": { "Type": "AWS::ApiGateway::RestApi" },\n  }\n  "x": 1\n}\n',
    'bad.tf': 'resource "aws_api_gateway_rest_api" "a" {\n  name = \n}\n',
  });
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.severity]),
    [
      ['bad.yaml', 4, 'error'],
      ['bad.json', 4, 'error'],
      ['bad.tf', 2, 'error'],
    ],
  );
  assert.match(findings[0]!.message, /^bad\.yaml:4: invalid YAML: /);
  assert.match(findings[2]!.message, /^bad\.tf:2: invalid HCL: /);
});

test('unknown tags (Rain) and every intrinsic short form parse', async () => {
  const text = `Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Code: { ZipFile: !Rain::Embed handler.py }
      A: !Ref X
      B: !Sub 'x\${Y}'
      C: !GetAtt A.B
      D: !Join ['', [a, !Ref X]]
      E: !If [C, !Select [0, !Split [',', !ImportValue V]], !FindInMap [M, K, V]]
      F: !Base64 x
      G: !Cidr [!GetAZs '', 1, 2]
      H: !And [!Equals [a, b], !Or [!Not [!Condition C]]]
      I: !Transform { Name: AWS::Include }
`;
  assert.deepEqual(await findingsOf('parse-error', { 'ok.yaml': text }), []);
});
