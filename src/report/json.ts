import type { Diagnosis } from '../diagnose/run.js';

/** The stable JSON shape of `diagnose --output json` (documented in the README). */
export function diagnosisToJson(d: Diagnosis): Record<string, unknown> {
  const sim = d.simulation;
  const live = d.live
    ? {
        status: d.live.status,
        headers: d.live.headers,
        body: d.live.body,
        elapsedMs: d.live.elapsedMs,
        ...(d.live.error ? { error: d.live.error } : {}),
      }
    : null;
  const predicted = sim.response
    ? {
        status: sim.response.status,
        headers: sim.response.headers,
        body: sim.response.body,
        source: sim.response.source,
      }
    : null;
  return {
    request: sim.request,
    response:
      predicted ??
      (live && live.status !== null
        ? { status: live.status, headers: live.headers, body: live.body, source: 'live' }
        : null),
    predicted: predicted !== null,
    live,
    outcome: sim.outcome,
    basis: sim.basis,
    api: sim.api
      ? { id: sim.api.id, kind: sim.api.kind, name: sim.api.name ?? null, region: sim.api.region ?? null }
      : null,
    stage: sim.stage?.name ?? null,
    route: sim.route
      ? {
          resourcePath: sim.route.resourcePath,
          httpMethod: sim.route.httpMethod,
          pathParameters: sim.route.pathParameters,
        }
      : null,
    trace: sim.trace,
    findings: d.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      title: f.title,
      explanation: f.explanation,
      evidence: f.evidence,
      fix: f.fix,
      verify: f.verify,
      basis: f.basis,
      sources: f.sources,
      ...(f.target ? { target: f.target } : {}),
    })),
    notChecked: d.gaps,
  };
}
