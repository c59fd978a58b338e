import { stringify } from 'yaml';
import { CHANGE_EVENT_NAMES } from './deploy-lag.js';
import { GUARD_RULES, GUARD_RULES_FILE, GUARD_TESTS, GUARD_TESTS_FILE } from './guard-rules.js';

/**
 * `guard config-rule --emit cloudformation`: the files of a deployable folder, as text (pure).
 *
 *   template.yaml      the AWS Config custom rule: its Lambda function (the bundled detection), a
 *                      least-privilege role, the permission for AWS Config to invoke it, and an
 *                      AWS::Config::ConfigRule, or with `organization` an AWS::Config::OrganizationConfigRule
 *   member-role.yaml   (organization) the role the function assumes in every member account (a StackSet)
 *   deploy-lag.yaml    EventBridge rule on CloudTrail → Step Functions (wait N minutes → check → SNS)
 *   guard/…            the CloudFormation Guard rules for the IaC pitfall, with their unit tests
 *   README.md          how to deploy it
 *
 * The code (lambda/config-rule.mjs) is copied next to them by the caller.
 */

export interface EmitOptions {
  organization: boolean;
  /** Minutes to wait after a change before checking it was deployed. */
  minutes: number;
}

export const CODE_FILE = 'config-rule.mjs';
export const CODE_DIR = 'lambda';
export const DEFAULT_MINUTES = 15;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const ref = (id: string): Json => ({ Ref: id });
const sub = (text: string): Json => ({ 'Fn::Sub': text });
const arnOf = (id: string): Json => ({ 'Fn::GetAtt': [id, 'Arn'] });

const STAGE = 'AWS::ApiGateway::Stage';
const REST_API = 'AWS::ApiGateway::RestApi';
const RUNTIME = 'nodejs22.x';

function trust(service: string, sourceAccount = false): Json {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(sourceAccount
          ? { Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } } }
          : {}),
      },
    ],
  };
}

function policy(name: string, statements: Json[]): Json {
  return { PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: statements } };
}

const codeParameters: Record<string, Json> = {
  CodeS3Bucket: {
    Type: 'String',
    Description: `S3 bucket (in this region) holding the zipped ${CODE_DIR}/${CODE_FILE}`,
    AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  },
  CodeS3Key: {
    Type: 'String',
    Description: 'Key of the zip in CodeS3Bucket',
    Default: 'apigw-doctor/config-rule.zip',
  },
};

const logGroup: Json = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } };
const writeLogs = (group: string): Json => ({
  Sid: 'WriteOwnLogs',
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: arnOf(group),
});

function ruleTemplate(options: EmitOptions): Json {
  const org = options.organization;
  const apigatewayRegion = '${AWS::Region}';
  const statements: Json[] = [
    writeLogs('RuleLogGroup'),
    {
      Sid: 'ReadRestApis',
      Effect: 'Allow',
      Action: ['apigateway:GET'],
      Resource: [
        sub(`arn:\${AWS::Partition}:apigateway:${apigatewayRegion}::/restapis`),
        sub(`arn:\${AWS::Partition}:apigateway:${apigatewayRegion}::/restapis/*`),
      ],
    },
    {
      Sid: 'DeliverEvaluations',
      Effect: 'Allow',
      Action: ['config:PutEvaluations'],
      // PutEvaluations supports no resource-level permission: the Service Authorization Reference
      // lists no resource type for it, so the statement must name "*".
      Resource: '*',
    },
  ];
  if (org)
    statements.push({
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: sub('arn:${AWS::Partition}:iam::*:role/${MemberRoleName}'),
      Condition: { StringEquals: { 'aws:ResourceOrgID': ref('OrganizationId') } },
    });

  const parameters: Record<string, Json> = {
    ...codeParameters,
    ConfigRuleName: {
      Type: 'String',
      Default: 'apigw-doctor-stage-deployment-lag',
      AllowedPattern: '^[A-Za-z0-9_-]{1,64}$',
    },
    EvaluationFrequency: {
      Type: 'String',
      Description: 'How often every REST API of the region is evaluated (besides configuration changes)',
      Default: 'TwentyFour_Hours',
      AllowedValues: ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'],
    },
  };
  if (org) {
    parameters.OrganizationId = {
      Type: 'String',
      Description: 'Your organization (o-…): the function may assume MemberRoleName only in its accounts',
      AllowedPattern: '^o-[a-z0-9]{10,32}$',
    };
    parameters.FunctionRoleName = {
      Type: 'String',
      Description: "The function's role name, trusted by member-role.yaml in every member account",
      Default: 'apigw-doctor-config-rule',
      AllowedPattern: '^[\\w+=,.@-]{1,64}$',
    };
    parameters.MemberRoleName = {
      Type: 'String',
      Description: 'The role member-role.yaml creates in every member account',
      Default: 'apigw-doctor-config-rule-member',
      AllowedPattern: '^[\\w+=,.@-]{1,64}$',
    };
  }

  const description =
    "Marks a REST API stage NON_COMPLIANT when its deployment lags the API's configuration (routes added, removed or changed and not deployed), from apigw-doctor";
  const resources: Record<string, Json> = {
    RuleLogGroup: logGroup,
    RuleFunctionRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        ...(org ? { RoleName: ref('FunctionRoleName') } : {}),
        AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
        Policies: [policy('apigw-doctor-config-rule', statements)],
      },
    },
    RuleFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Description: 'apigw-doctor: AWS Config rule, REST API stages whose deployment lags the configuration',
        Runtime: RUNTIME,
        Architectures: ['arm64'],
        Handler: 'config-rule.handler',
        Code: { S3Bucket: ref('CodeS3Bucket'), S3Key: ref('CodeS3Key') },
        Role: arnOf('RuleFunctionRole'),
        // Periodic runs read every REST API of the region at the management API's 10 requests/s.
        Timeout: 900,
        MemorySize: 512,
        LoggingConfig: { LogGroup: ref('RuleLogGroup') },
        ...(org ? { Environment: { Variables: { MEMBER_ROLE_NAME: ref('MemberRoleName') } } } : {}),
      },
    },
    RuleInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf('RuleFunction'),
        Principal: 'config.amazonaws.com',
        // One account: only its own Config may invoke the function. An organization rule is invoked by
        // the Config of every member account, so no single SourceAccount fits; the function can only act
        // in accounts of OrganizationId (its role may assume MemberRoleName there and nowhere else).
        ...(org ? {} : { SourceAccount: ref('AWS::AccountId') }),
      },
    },
  };
  const triggers = [
    'ConfigurationItemChangeNotification',
    'OversizedConfigurationItemChangeNotification',
    'ScheduledNotification',
  ];
  if (org) {
    resources.OrganizationRule = {
      Type: 'AWS::Config::OrganizationConfigRule',
      DependsOn: ['RuleInvokePermission'],
      Properties: {
        OrganizationConfigRuleName: ref('ConfigRuleName'),
        OrganizationCustomRuleMetadata: {
          Description: description,
          LambdaFunctionArn: arnOf('RuleFunction'),
          OrganizationConfigRuleTriggerTypes: triggers,
          ResourceTypesScope: [STAGE, REST_API],
          MaximumExecutionFrequency: ref('EvaluationFrequency'),
        },
      },
    };
  } else {
    resources.ConfigRule = {
      Type: 'AWS::Config::ConfigRule',
      DependsOn: ['RuleInvokePermission'],
      Properties: {
        ConfigRuleName: ref('ConfigRuleName'),
        Description: description,
        Scope: { ComplianceResourceTypes: [STAGE, REST_API] },
        Source: {
          Owner: 'CUSTOM_LAMBDA',
          SourceIdentifier: arnOf('RuleFunction'),
          SourceDetails: triggers.map((MessageType) => ({
            EventSource: 'aws.config',
            MessageType,
            ...(MessageType === 'ScheduledNotification'
              ? { MaximumExecutionFrequency: ref('EvaluationFrequency') }
              : {}),
          })),
        },
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `apigw-doctor: AWS Config ${org ? 'organization ' : ''}rule for REST API stages whose deployment lags the configuration`,
    Parameters: parameters,
    Resources: resources,
    Outputs: {
      RuleFunctionArn: { Value: arnOf('RuleFunction') },
      RuleFunctionRoleArn: { Value: arnOf('RuleFunctionRole') },
    },
  };
}

function memberRoleTemplate(): Json {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'apigw-doctor: the role the organization Config rule assumes in this account (deploy to every member account with a StackSet, in one region: IAM is global)',
    Parameters: {
      RuleAccountId: {
        Type: 'String',
        Description: 'The account holding the rule function (management or delegated administrator)',
        AllowedPattern: '^\\d{12}$',
      },
      FunctionRoleName: {
        Type: 'String',
        Default: 'apigw-doctor-config-rule',
        AllowedPattern: '^[\\w+=,.@-]{1,64}$',
      },
      MemberRoleName: {
        Type: 'String',
        Default: 'apigw-doctor-config-rule-member',
        AllowedPattern: '^[\\w+=,.@-]{1,64}$',
      },
    },
    Resources: {
      MemberRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: ref('MemberRoleName'),
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: {
                  AWS: sub('arn:${AWS::Partition}:iam::${RuleAccountId}:role/${FunctionRoleName}'),
                },
                Action: 'sts:AssumeRole',
              },
            ],
          },
          Policies: [
            policy('apigw-doctor-config-rule-member', [
              {
                Sid: 'ReadRestApis',
                Effect: 'Allow',
                Action: ['apigateway:GET'],
                // A role is global while the rule may run in several regions: the region is the one
                // part left open; the paths are the REST APIs only.
                Resource: [
                  sub('arn:${AWS::Partition}:apigateway:*::/restapis'),
                  sub('arn:${AWS::Partition}:apigateway:*::/restapis/*'),
                ],
              },
              {
                Sid: 'DeliverEvaluations',
                Effect: 'Allow',
                Action: ['config:PutEvaluations'],
                Resource: '*',
              },
            ]),
          ],
        },
      },
    },
    Outputs: { MemberRoleArn: { Value: arnOf('MemberRole') } },
  };
}

function deployLagTemplate(options: EmitOptions): Json {
  const seconds = options.minutes * 60;
  const definition: Json = {
    Comment: `apigw-doctor: ${options.minutes} minutes after a change to a REST API, notify if no stage serves a deployment made since`,
    StartAt: 'WaitForDeployment',
    States: {
      WaitForDeployment: { Type: 'Wait', Seconds: seconds, Next: 'CheckDeployment' },
      CheckDeployment: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${CheckerArn}', 'Payload.$': '$' },
        OutputPath: '$.Payload',
        Retry: [
          {
            ErrorEquals: [
              'Lambda.ServiceException',
              'Lambda.AWSLambdaException',
              'Lambda.SdkClientException',
              'Lambda.TooManyRequestsException',
            ],
            IntervalSeconds: 2,
            MaxAttempts: 6,
            BackoffRate: 2,
          },
          { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Next: 'NotDeployed',
      },
      NotDeployed: {
        Type: 'Choice',
        Choices: [{ Variable: '$.notify', BooleanEquals: true, Next: 'Notify' }],
        Default: 'Deployed',
      },
      Notify: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { TopicArn: '${TopicArn}', 'Subject.$': '$.subject', 'Message.$': '$.message' },
        End: true,
      },
      Deployed: { Type: 'Succeed' },
    },
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `apigw-doctor: notify when a REST API's resources or methods change and no deployment follows within ${options.minutes} minutes (EventBridge on CloudTrail, Step Functions, SNS)`,
    Parameters: {
      ...codeParameters,
      NotificationTopicArn: {
        Type: 'String',
        Description: 'SNS topic to notify (its policy or KMS key must let this stack publish)',
        AllowedPattern: '^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$',
      },
    },
    Resources: {
      CheckerLogGroup: logGroup,
      CheckerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
          Policies: [
            policy('apigw-doctor-deployment-lag-check', [
              writeLogs('CheckerLogGroup'),
              {
                Sid: 'ReadStagesAndDeployments',
                Effect: 'Allow',
                Action: ['apigateway:GET'],
                // GetStages and GetDeployments only: the paths end in /stages and /deployments.
                Resource: [
                  sub('arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/stages'),
                  sub('arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/*/deployments'),
                ],
              },
            ]),
          ],
        },
      },
      CheckerFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Description: 'apigw-doctor: is a change to a REST API deployed to some stage?',
          Runtime: RUNTIME,
          Architectures: ['arm64'],
          Handler: 'config-rule.deployLagHandler',
          Code: { S3Bucket: ref('CodeS3Bucket'), S3Key: ref('CodeS3Key') },
          Role: arnOf('CheckerRole'),
          Timeout: 60,
          MemorySize: 256,
          LoggingConfig: { LogGroup: ref('CheckerLogGroup') },
        },
      },
      StateMachineRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('states.amazonaws.com', true),
          Policies: [
            policy('apigw-doctor-deployment-lag-flow', [
              {
                Sid: 'RunTheCheck',
                Effect: 'Allow',
                Action: 'lambda:InvokeFunction',
                Resource: arnOf('CheckerFunction'),
              },
              {
                Sid: 'Notify',
                Effect: 'Allow',
                Action: 'sns:Publish',
                Resource: ref('NotificationTopicArn'),
              },
            ]),
          ],
        },
      },
      DeploymentLagStateMachine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineType: 'STANDARD',
          RoleArn: arnOf('StateMachineRole'),
          Definition: definition,
          DefinitionSubstitutions: {
            CheckerArn: arnOf('CheckerFunction'),
            TopicArn: ref('NotificationTopicArn'),
          },
        },
      },
      EventsRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('events.amazonaws.com', true),
          Policies: [
            policy('apigw-doctor-start-deployment-lag-check', [
              {
                Sid: 'StartTheFlow',
                Effect: 'Allow',
                Action: 'states:StartExecution',
                Resource: ref('DeploymentLagStateMachine'),
              },
            ]),
          ],
        },
      },
      RestApiChangeRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Description: 'apigw-doctor: a REST API resource or method changed (CloudTrail management event)',
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.apigateway'],
            'detail-type': ['AWS API Call via CloudTrail'],
            detail: {
              eventSource: ['apigateway.amazonaws.com'],
              eventName: [...CHANGE_EVENT_NAMES],
              // Refused calls changed nothing.
              errorCode: [{ exists: false }],
            },
          },
          Targets: [
            { Id: 'DeploymentLagCheck', Arn: ref('DeploymentLagStateMachine'), RoleArn: arnOf('EventsRole') },
          ],
        },
      },
    },
    Outputs: { StateMachineArn: { Value: ref('DeploymentLagStateMachine') } },
  };
}

function yaml(doc: Json): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

function readme(options: EmitOptions): string {
  const org = options.organization;
  const lines = [
    '# apigw-doctor guard config-rule',
    '',
    'Deployment lag of API Gateway REST API stages, watched by AWS (see docs/config-rule.md in apigw-doctor).',
    '',
    '1. Upload the code (one file, the AWS SDK clients it needs included):',
    '',
    '       (cd lambda && zip ../config-rule.zip config-rule.mjs)',
    '       aws s3 cp config-rule.zip s3://BUCKET/apigw-doctor/config-rule.zip',
    '',
    org
      ? '2. In the management (or Config delegated administrator) account, in each region to cover:'
      : '2. Deploy the Config rule (AWS Config must be recording AWS::ApiGateway::Stage and AWS::ApiGateway::RestApi):',
    '',
    '       aws cloudformation deploy --template-file template.yaml --stack-name apigw-doctor-config-rule \\',
    `         --capabilities ${org ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'} --parameter-overrides CodeS3Bucket=BUCKET${org ? ' OrganizationId=o-XXXXXXXXXX' : ''}`,
    '',
  ];
  if (org)
    lines.push(
      '3. In every member account (a service-managed StackSet, one region), the role the function assumes:',
      '',
      '       aws cloudformation create-stack-set --stack-set-name apigw-doctor-config-rule-member \\',
      '         --template-body file://member-role.yaml --capabilities CAPABILITY_NAMED_IAM \\',
      '         --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\',
      '         --parameters ParameterKey=RuleAccountId,ParameterValue=RULE_ACCOUNT_ID',
      '       aws cloudformation create-stack-instances --stack-set-name apigw-doctor-config-rule-member \\',
      '         --deployment-targets OrganizationalUnitIds=r-xxxx --regions us-east-1',
      '',
    );
  lines.push(
    `${org ? '4' : '3'}. Notify when a change is not deployed within ${options.minutes} minutes (needs a CloudTrail trail in the account and region; per account: a StackSet for an organization):`,
    '',
    '       aws cloudformation deploy --template-file deploy-lag.yaml --stack-name apigw-doctor-deploy-lag \\',
    '         --capabilities CAPABILITY_IAM --parameter-overrides CodeS3Bucket=BUCKET NotificationTopicArn=arn:aws:sns:REGION:ACCOUNT:TOPIC',
    '',
    `${org ? '5' : '4'}. In CI, before deploying a template (CloudFormation Guard):`,
    '',
    `       cfn-guard validate --rules guard/${GUARD_RULES_FILE} --data template-of-your-api.yaml`,
    `       cfn-guard test --rules-file guard/${GUARD_RULES_FILE} --test-data guard/${GUARD_TESTS_FILE}`,
    '',
  );
  return lines.join('\n');
}

/** The emitted files, by path relative to the output folder (the code file excluded). */
export function emitConfigRule(options: EmitOptions): Record<string, string> {
  const header = (what: string) =>
    `# Generated by apigw-doctor guard config-rule --emit cloudformation${options.organization ? ' --organization' : ''} --minutes ${options.minutes}\n# ${what}\n`;
  const files: Record<string, string> = {
    'template.yaml':
      header('The AWS Config custom rule; code: lambda/config-rule.mjs, zipped to CodeS3Bucket/CodeS3Key') +
      yaml(ruleTemplate(options)),
    'deploy-lag.yaml':
      header('Changes to a REST API not deployed in time → SNS') + yaml(deployLagTemplate(options)),
    [`guard/${GUARD_RULES_FILE}`]: GUARD_RULES,
    [`guard/${GUARD_TESTS_FILE}`]: yaml(GUARD_TESTS as unknown as Json),
    'README.md': readme(options),
  };
  if (options.organization)
    files['member-role.yaml'] =
      header('The role the organization rule assumes in each member account') + yaml(memberRoleTemplate());
  return files;
}
