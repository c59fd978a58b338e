/**
 * A remediation plan: pure data, made from a diagnosis, printed as a dry run, applied by an executor
 * that journals every step, emitted as a shell script, Terraform or CloudFormation.
 */

/** One change to AWS, with what it does, how to undo it and what the AWS CLI equivalent is. */
export type Action =
  | {
      kind: 'create-deployment';
      apiId: string;
      stage: string;
      description: string;
      /** Deploy as a canary first with this share of traffic, then promote. */
      canaryPercent?: number;
    }
  | {
      kind: 'update-stage-deployment';
      apiId: string;
      stage: string;
      deploymentId: string;
    }
  | {
      kind: 'put-cors-options';
      apiId: string;
      resourceId: string;
      resourcePath: string;
      allowOrigin: string;
      allowMethods: string[];
      allowHeaders: string[];
    }
  | {
      kind: 'create-base-path-mapping';
      domainName: string;
      basePath: string;
      apiId: string;
      stage: string;
    }
  | {
      /** Re-point an existing base path mapping (it names a stage or API that does not exist). */
      kind: 'update-base-path-mapping';
      domainName: string;
      /** '' for the `(none)` mapping. */
      basePath: string;
      /** The API and stage the mapping serves after the fix. */
      apiId: string;
      stage: string;
      /** What it maps now: what undo points it back at. */
      previous: { apiId: string; stage?: string };
    }
  | {
      /** apigatewayv2 CreateApiMapping: an HTTP API, or a multi-level base path (`v1/orders`). */
      kind: 'create-api-mapping';
      domainName: string;
      /** '' for the `(none)` mapping. */
      apiMappingKey: string;
      apiId: string;
      apiKind: 'REST' | 'HTTP';
      stage: string;
    }
  | {
      /** apigatewayv2 UpdateApiMapping: re-point an API mapping that names a missing stage. */
      kind: 'update-api-mapping';
      domainName: string;
      apiMappingId: string;
      apiMappingKey: string;
      apiId: string;
      apiKind: 'REST' | 'HTTP';
      stage: string;
      previous: { apiId: string; stage?: string };
    }
  | {
      kind: 'delete-gateway-response';
      apiId: string;
      responseType: string;
    };

export interface PlannedAction {
  action: Action;
  /** Why: the finding it fixes. */
  findingId: string;
  summary: string;
  /** How to undo it, or null when it cannot be undone. */
  undo: string | null;
  /** A one-way action is applied only with --allow-irreversible. */
  reversible: boolean;
  /** The AWS CLI commands that do the same (for the dry run and the shell script). */
  cli: string[];
}

/** What a change reaches beyond the route asked about. */
export interface BlastRadius {
  /** Every route the deployment would add, remove or change on the stage (auth, API key). */
  routeChanges: { added: string[]; removed: string[]; changed: string[] };
  /** Other stages and custom domains that serve the same API. */
  otherStages: string[];
  domains: string[];
  /** Requests a mapping change sends somewhere else: which, from what answer, to which API stage. */
  requestsMoved?: string[];
  /** Who manages the API (CloudFormation stack, SAM, CDK, Serverless, Terraform), from its tags. */
  managedBy?: { tool: string; name?: string; warning: string };
}

/** A fix on the client side: nothing in AWS is wrong. */
export interface ClientFix {
  findingId: string;
  summary: string;
  correctedUrl?: string;
  commands: string[];
}

export interface Plan {
  apigwDoctorPlan: 1;
  createdAt: string;
  url: string;
  method: string;
  region: string;
  accountId?: string;
  apiId?: string;
  stage?: string;
  /** The stage's deployment when the plan was made: apply refuses if it changed. */
  expected?: { deploymentId?: string; stageLastUpdated?: string };
  actions: PlannedAction[];
  clientFixes: ClientFix[];
  blastRadius: BlastRadius | null;
  /** Findings the plan does not fix, with why. */
  notFixed: { findingId: string; reason: string }[];
}
