/**
 * The CloudFormation Guard rules for the IaC pitfall behind "changes never deployed" (checked with
 * the real cfn-guard in test/guard-config-rule.test.ts), and their unit tests in cfn-guard's own
 * `cfn-guard test` format, emitted next to them.
 */

export const GUARD_RULES_FILE = 'apigw-deployment.guard';
export const GUARD_TESTS_FILE = 'apigw-deployment-tests.yaml';

export const GUARD_RULES = `#
# apigw-deployment.guard (apigw-doctor): the CloudFormation pitfall behind "changes never deployed"
# and 403 {"message":"Missing Authentication Token"} on routes that exist in the template.
#
#   cfn-guard validate --rules apigw-deployment.guard --data template.yaml
#

let apigw_methods = Resources[ apigw_method_ids | Type == 'AWS::ApiGateway::Method' ]
let apigw_deployments = Resources.*[ Type == 'AWS::ApiGateway::Deployment' ]
let apigw_stages = Resources.*[ Type == 'AWS::ApiGateway::Stage' ]

#
# An AWS::ApiGateway::Deployment snapshots the methods that exist when it is created. Without a
# DependsOn on every method of its RestApi, CloudFormation may create it first: the stage then serves
# an API without those routes. Checked when every method of the template belongs to the
# deployment's RestApi (Guard cannot pair a logical id with its own properties across several APIs;
# \`apigw-doctor lint\` checks templates with several APIs).
#
rule apigw_deployment_depends_on_every_method when %apigw_methods !empty %apigw_deployments !empty {
    %apigw_deployments {
        let apigw_deployment_api = Properties.RestApiId
        when %apigw_methods.Properties.RestApiId == %apigw_deployment_api {
            DependsOn exists << Violation: the AWS::ApiGateway::Deployment has no DependsOn: CloudFormation may create it before the methods, and the stage serves an API without them. Fix: add DependsOn listing every AWS::ApiGateway::Method of the RestApi (and give the deployment a new logical id whenever they change, so it is re-created). >>
            %apigw_method_ids in DependsOn << Violation: the AWS::ApiGateway::Deployment's DependsOn misses some AWS::ApiGateway::Method of its RestApi: the deployment may be taken before they exist. Fix: list every method's logical id in DependsOn. >>
        }
    }
}

#
# A stage serves the deployment it references: API Gateway's CreateStage requires a deploymentId, and a
# DeploymentId that names anything but a deployment of the template is a mistake.
#
rule apigw_stage_references_a_deployment when %apigw_stages !empty {
    %apigw_stages.Properties.DeploymentId exists << Violation: the AWS::ApiGateway::Stage has no DeploymentId: API Gateway requires one (CreateStage), so the stack fails or the stage serves no version of the API. Fix: set DeploymentId to !Ref the AWS::ApiGateway::Deployment of its RestApi. >>
}

let apigw_stage_deployment_refs = some Resources.*[ Type == 'AWS::ApiGateway::Stage' ].Properties.DeploymentId.Ref

rule apigw_stage_deployment_ref_is_a_deployment when %apigw_stage_deployment_refs !empty {
    Resources.%apigw_stage_deployment_refs.Type == 'AWS::ApiGateway::Deployment' << Violation: an AWS::ApiGateway::Stage's DeploymentId refers to a resource that is not an AWS::ApiGateway::Deployment. Fix: !Ref the deployment of the stage's RestApi. >>
}

#
# The same stage check on the input of a CloudFormation Guard Hook (AWS::CloudFormation::GuardHook),
# whose resources carry ResourceType and ResourceProperties instead of Type and Properties.
#
let apigw_hook_stages = Resources.*[ ResourceType == 'AWS::ApiGateway::Stage' ]

rule apigw_hook_stage_references_a_deployment when %apigw_hook_stages !empty {
    %apigw_hook_stages.ResourceProperties.DeploymentId exists << Violation: the AWS::ApiGateway::Stage has no DeploymentId: it serves no version of the API. Fix: set DeploymentId to the deployment of its RestApi. >>
}
`;

type Template = Record<string, unknown>;

const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop' } };
const method = (verb: string, restApi = 'Api'): Template => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: {
    RestApiId: { Ref: restApi },
    ResourceId: { 'Fn::GetAtt': [restApi, 'RootResourceId'] },
    HttpMethod: verb,
    AuthorizationType: 'NONE',
  },
});
const deployment = (dependsOn?: string | string[], restApi = 'Api'): Template => ({
  Type: 'AWS::ApiGateway::Deployment',
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
  Properties: { RestApiId: { Ref: restApi } },
});
const stage = (deploymentId?: unknown): Template => ({
  Type: 'AWS::ApiGateway::Stage',
  Properties: {
    RestApiId: { Ref: 'Api' },
    StageName: 'prod',
    ...(deploymentId ? { DeploymentId: deploymentId } : {}),
  },
});

/** Unit tests of the rules, in `cfn-guard test` format (name, input, expected status per rule). */
export const GUARD_TESTS: {
  name: string;
  input: Template;
  expectations: { rules: Record<string, string> };
}[] = [
  {
    name: 'a deployment that depends on every method, and a stage on it',
    input: {
      Resources: {
        Api: api,
        GetRoot: method('GET'),
        PostRoot: method('POST'),
        Deployment: deployment(['GetRoot', 'PostRoot']),
        Prod: stage({ Ref: 'Deployment' }),
      },
    },
    expectations: {
      rules: {
        apigw_deployment_depends_on_every_method: 'PASS',
        apigw_stage_references_a_deployment: 'PASS',
        apigw_stage_deployment_ref_is_a_deployment: 'PASS',
        apigw_hook_stage_references_a_deployment: 'SKIP',
      },
    },
  },
  {
    name: 'DependsOn as one string naming the only method',
    input: { Resources: { Api: api, GetRoot: method('GET'), Deployment: deployment('GetRoot') } },
    expectations: { rules: { apigw_deployment_depends_on_every_method: 'PASS' } },
  },
  {
    name: 'a method added later and missing from DependsOn',
    input: {
      Resources: {
        Api: api,
        GetRoot: method('GET'),
        PostRoot: method('POST'),
        Deployment: deployment(['GetRoot']),
      },
    },
    expectations: { rules: { apigw_deployment_depends_on_every_method: 'FAIL' } },
  },
  {
    name: 'a deployment without DependsOn',
    input: { Resources: { Api: api, GetRoot: method('GET'), Deployment: deployment() } },
    expectations: { rules: { apigw_deployment_depends_on_every_method: 'FAIL' } },
  },
  {
    name: 'two APIs in one template: left to apigw-doctor lint',
    input: {
      Resources: {
        Api: api,
        Other: api,
        GetRoot: method('GET'),
        GetOther: method('GET', 'Other'),
        Deployment: deployment(['GetRoot']),
        OtherDeployment: deployment(['GetOther'], 'Other'),
      },
    },
    expectations: { rules: { apigw_deployment_depends_on_every_method: 'SKIP' } },
  },
  {
    name: 'a stage without DeploymentId',
    input: {
      Resources: { Api: api, GetRoot: method('GET'), Deployment: deployment('GetRoot'), Prod: stage() },
    },
    expectations: {
      rules: {
        apigw_stage_references_a_deployment: 'FAIL',
        apigw_stage_deployment_ref_is_a_deployment: 'SKIP',
      },
    },
  },
  {
    name: 'a stage whose DeploymentId refers to a method',
    input: {
      Resources: {
        Api: api,
        GetRoot: method('GET'),
        Deployment: deployment('GetRoot'),
        Prod: stage({ Ref: 'GetRoot' }),
      },
    },
    expectations: {
      rules: {
        apigw_stage_references_a_deployment: 'PASS',
        apigw_stage_deployment_ref_is_a_deployment: 'FAIL',
      },
    },
  },
  {
    name: 'Guard Hook input: a stage without DeploymentId',
    input: {
      HookContext: { TargetType: 'STACK', TargetLogicalId: 'Prod' },
      Resources: {
        Prod: {
          ResourceType: 'AWS::ApiGateway::Stage',
          ResourceProperties: { RestApiId: 'a1b2c3d4e5', StageName: 'prod' },
        },
      },
    },
    expectations: { rules: { apigw_hook_stage_references_a_deployment: 'FAIL' } },
  },
  {
    name: 'Guard Hook input: a stage with its deployment',
    input: {
      HookContext: { TargetType: 'STACK', TargetLogicalId: 'Prod' },
      Resources: {
        Prod: {
          ResourceType: 'AWS::ApiGateway::Stage',
          ResourceProperties: { RestApiId: 'a1b2c3d4e5', StageName: 'prod', DeploymentId: 'abc123' },
        },
      },
    },
    expectations: { rules: { apigw_hook_stage_references_a_deployment: 'PASS' } },
  },
];
