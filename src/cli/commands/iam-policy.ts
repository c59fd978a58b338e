import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface IamPolicyFlags {
  region?: string[];
  api?: string[];
  domain?: string[];
  account?: string;
}

/**
 * The least-privilege, read-only policy the tool needs: one action (apigateway:GET) on the resources
 * it reads, scoped to the regions (and APIs or domains) given. No wildcard action, no bare "*".
 */
export function iamPolicy(flags: IamPolicyFlags): Record<string, unknown> {
  const regions = flags.region ?? [];
  if (regions.length === 0)
    throw new InputError('iam-policy needs --region R (repeatable) to scope the policy');
  const resources: string[] = [];
  for (const region of regions) {
    const at = (path: string) => `arn:aws:apigateway:${region}::${path}`;
    resources.push(at('/restapis'), at('/apis'), at('/domainnames'), at('/apikeys'), at('/usageplans'));
    const apis = flags.api ?? [];
    if (apis.length) {
      for (const id of apis)
        resources.push(
          at(`/restapis/${id}`),
          at(`/restapis/${id}/*`),
          at(`/apis/${id}`),
          at(`/apis/${id}/*`),
        );
    } else {
      // Every API of the region: the path wildcard is scoped to API Gateway resources of that region.
      resources.push(at('/restapis/*'), at('/apis/*'));
    }
    const domains = flags.domain ?? [];
    if (domains.length)
      for (const d of domains) resources.push(at(`/domainnames/${d}`), at(`/domainnames/${d}/*`));
    else resources.push(at('/domainnames/*'));
    resources.push(at('/usageplans/*'));
  }
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ApigwDoctorReadOnly', Effect: 'Allow', Action: ['apigateway:GET'], Resource: resources },
    ],
  };
}

export async function runIamPolicy(flags: IamPolicyFlags): Promise<number> {
  write(JSON.stringify(iamPolicy(flags), null, 2));
  return EXIT.ok;
}
