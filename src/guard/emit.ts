/**
 * `guard alarms --emit cloudformation|terraform`: the plan's log group, metric filter and alarms as
 * code, with the SNS topic as a parameter (a variable). The stage's access log settings belong to the
 * template that owns the stage, so they are outputs with the lines to put there. Pure: text out.
 */
import { stringify } from 'yaml';
import { commentText } from '../remediate/emit-sh.js';
import { HclWriter, hclString } from '../remediate/emit-terraform.js';
import type { GuardPlan, MetricAlarmSpec } from './plan.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const TOPIC_PARAMETER = 'AlarmTopicArn';

function createsLogGroup(plan: GuardPlan): boolean {
  return plan.logGroup !== null && !plan.logGroup.exists;
}

function cfnAlarm(alarm: MetricAlarmSpec): Record<string, Json> {
  const actions: Json = { 'Fn::If': ['HasAlarmTopic', [{ Ref: TOPIC_PARAMETER }], { Ref: 'AWS::NoValue' }] };
  const props: Record<string, Json> = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription,
    ActionsEnabled: alarm.ActionsEnabled,
    AlarmActions: actions,
    OKActions: actions,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
  };
  if (alarm.Metrics) {
    props.Metrics = alarm.Metrics.map((m) => {
      const q: Record<string, Json> = { Id: m.Id, ReturnData: m.ReturnData };
      if (m.Label) q.Label = m.Label;
      if (m.Expression) q.Expression = m.Expression;
      if (m.MetricStat)
        q.MetricStat = {
          Metric: {
            Namespace: m.MetricStat.Metric.Namespace,
            MetricName: m.MetricStat.Metric.MetricName,
            Dimensions: m.MetricStat.Metric.Dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
          },
          Period: m.MetricStat.Period,
          Stat: m.MetricStat.Stat,
        };
      return q;
    });
    props.ThresholdMetricId = alarm.ThresholdMetricId!;
  } else {
    props.Namespace = alarm.Namespace!;
    props.MetricName = alarm.MetricName!;
    if (alarm.Dimensions?.length)
      props.Dimensions = alarm.Dimensions.map((d) => ({ Name: d.Name, Value: d.Value }));
    props.Statistic = alarm.Statistic!;
    props.Period = alarm.Period!;
    props.Threshold = alarm.Threshold!;
  }
  return { Type: 'AWS::CloudWatch::Alarm', Properties: props };
}

export function emitGuardCloudFormation(plan: GuardPlan): string {
  const t = plan.target;
  const resources: Record<string, Json> = {};
  const outputs: Record<string, Json> = {};
  const logGroupName: Json = createsLogGroup(plan)
    ? { Ref: 'AccessLogGroup' }
    : (plan.logGroup?.name ?? null);
  if (createsLogGroup(plan)) {
    resources.AccessLogGroup = {
      Type: 'AWS::Logs::LogGroup',
      // Access logs are evidence: deleting the stack keeps them.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        LogGroupName: plan.logGroup!.name,
        RetentionInDays: plan.logGroup!.retentionInDays ?? 90,
      },
    };
  }
  if (plan.metricFilter) {
    const f = plan.metricFilter;
    resources.MissingAuthenticationTokenFilter = {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        FilterName: f.filterName,
        LogGroupName: logGroupName,
        FilterPattern: f.filterPattern,
        MetricTransformations: f.metricTransformations.map((m) => ({
          MetricName: m.metricName,
          MetricNamespace: m.metricNamespace,
          MetricValue: m.metricValue,
          Unit: m.unit,
        })),
      },
    };
  }
  const [errors, mat] = plan.alarms;
  resources.ClientErrorsAlarm = cfnAlarm(errors!);
  if (mat)
    resources.MissingAuthenticationTokenAlarm = {
      ...cfnAlarm(mat),
      DependsOn: ['MissingAuthenticationTokenFilter'],
    };
  if (plan.accessLog && plan.accessLog.change !== 'none') {
    outputs.AccessLogDestinationArn = {
      Description: `Set as AccessLogSetting.DestinationArn of stage ${t.stage} (AWS::ApiGateway::Stage) in the template that owns it`,
      Value: createsLogGroup(plan)
        ? {
            'Fn::Sub':
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AccessLogGroup}',
          }
        : plan.accessLog.after.destinationArn,
    };
    outputs.AccessLogFormat = {
      Description: `Set as AccessLogSetting.Format of stage ${t.stage}: it carries $context.error.responseType`,
      Value: plan.accessLog.after.format,
    };
  }
  const template: Record<string, Json> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: commentText(
      `apigw-doctor guard alarms: client errors and Missing Authentication Token alarms for ${t.apiKind} API ${t.apiId} stage ${t.stage}`,
    ),
    Parameters: {
      [TOPIC_PARAMETER]: {
        Type: 'String',
        Default: plan.snsTopicArn ?? '',
        Description: 'SNS topic the alarms notify (empty: no notification)',
        AllowedPattern: '^$|^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]+(\\.fifo)?$',
      },
    },
    Conditions: { HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: TOPIC_PARAMETER }, ''] }] } },
    Resources: resources,
  };
  if (Object.keys(outputs).length) template.Outputs = outputs;
  const header = [
    `# ${commentText(`Made by apigw-doctor guard alarms for ${t.apiId}/${t.stage} in ${t.region}.`)}`,
    '# Deploy: aws cloudformation deploy --template-file THIS_FILE --stack-name apigw-doctor-alarms \\',
    '#   --parameter-overrides AlarmTopicArn=arn:aws:sns:REGION:ACCOUNT:TOPIC',
    ...(plan.accessLog && plan.accessLog.change !== 'none'
      ? [
          '# Then put the outputs AccessLogDestinationArn and AccessLogFormat in the AccessLogSetting of the stage,',
          '# in the template that owns it (a stage cannot be changed from another stack).',
        ]
      : []),
  ];
  return `${header.join('\n')}\n${stringify(template, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })}`;
}

function tfAlarm(w: HclWriter, name: string, alarm: MetricAlarmSpec, dependsOn?: string): void {
  w.block(`resource "aws_cloudwatch_metric_alarm" "${name}"`, (b) => {
    b.attr('alarm_name', hclString(alarm.AlarmName));
    b.attr('alarm_description', hclString(alarm.AlarmDescription));
    b.attr('comparison_operator', hclString(alarm.ComparisonOperator));
    b.attr('evaluation_periods', String(alarm.EvaluationPeriods));
    b.attr('datapoints_to_alarm', String(alarm.DatapointsToAlarm));
    b.attr('treat_missing_data', hclString(alarm.TreatMissingData));
    b.attr('actions_enabled', String(alarm.ActionsEnabled));
    b.attr('alarm_actions', 'local.alarm_actions');
    b.attr('ok_actions', 'local.alarm_actions');
    if (alarm.Metrics) {
      b.attr('threshold_metric_id', hclString(alarm.ThresholdMetricId!));
      for (const m of alarm.Metrics) {
        b.blank();
        b.block('metric_query', (q) => {
          q.attr('id', hclString(m.Id));
          q.attr('return_data', String(m.ReturnData));
          if (m.Label) q.attr('label', hclString(m.Label));
          if (m.Expression) q.attr('expression', hclString(m.Expression));
          if (m.MetricStat) {
            const s = m.MetricStat;
            q.blank();
            q.block('metric', (mm) => {
              mm.attr('namespace', hclString(s.Metric.Namespace));
              mm.attr('metric_name', hclString(s.Metric.MetricName));
              mm.attr('period', String(s.Period));
              mm.attr('stat', hclString(s.Stat));
              mm.attr(
                'dimensions',
                `{ ${s.Metric.Dimensions.map((d) => `${d.Name} = ${hclString(d.Value)}`).join(', ')} }`,
              );
            });
          }
        });
      }
    } else {
      b.attr('namespace', hclString(alarm.Namespace!));
      b.attr('metric_name', hclString(alarm.MetricName!));
      b.attr('statistic', hclString(alarm.Statistic!));
      b.attr('period', String(alarm.Period));
      b.attr('threshold', String(alarm.Threshold));
      if (alarm.Dimensions?.length)
        b.attr(
          'dimensions',
          `{ ${alarm.Dimensions.map((d) => `${d.Name} = ${hclString(d.Value)}`).join(', ')} }`,
        );
    }
    if (dependsOn) {
      b.blank();
      b.attr('depends_on', `[${dependsOn}]`);
    }
  });
}

export function emitGuardTerraform(plan: GuardPlan): string {
  const t = plan.target;
  const w = new HclWriter();
  w.comment(
    `Made by apigw-doctor guard alarms for ${t.apiKind} API ${t.apiId} stage ${t.stage} in ${t.region}.`,
  );
  w.comment('terraform init && terraform apply -var alarm_topic_arn=arn:aws:sns:REGION:ACCOUNT:TOPIC');
  w.blank();
  w.block('variable "alarm_topic_arn"', (b) => {
    b.attr('description', hclString('SNS topic the alarms notify (empty: no notification)'));
    b.attr('type', 'string');
    b.attr('default', hclString(plan.snsTopicArn ?? ''));
  });
  w.blank();
  w.block('locals', (b) => {
    b.attr('alarm_actions', 'var.alarm_topic_arn == "" ? [] : [var.alarm_topic_arn]');
  });
  const logGroupRef = createsLogGroup(plan)
    ? 'aws_cloudwatch_log_group.access.name'
    : hclString(plan.logGroup?.name ?? '');
  if (createsLogGroup(plan)) {
    w.blank();
    w.block('resource "aws_cloudwatch_log_group" "access"', (b) => {
      b.attr('name', hclString(plan.logGroup!.name));
      b.attr('retention_in_days', String(plan.logGroup!.retentionInDays ?? 90));
    });
  }
  if (plan.metricFilter) {
    const f = plan.metricFilter;
    w.blank();
    w.block('resource "aws_cloudwatch_log_metric_filter" "missing_authentication_token"', (b) => {
      b.attr('name', hclString(f.filterName));
      b.attr('log_group_name', logGroupRef);
      b.attr('pattern', hclString(f.filterPattern));
      for (const m of f.metricTransformations) {
        b.blank();
        b.block('metric_transformation', (mt) => {
          mt.attr('name', hclString(m.metricName));
          mt.attr('namespace', hclString(m.metricNamespace));
          mt.attr('value', hclString(m.metricValue));
          mt.attr('unit', hclString(m.unit));
        });
      }
    });
  }
  const [errors, mat] = plan.alarms;
  w.blank();
  tfAlarm(w, 'client_errors', errors!);
  if (mat) {
    w.blank();
    tfAlarm(
      w,
      'missing_authentication_token',
      mat,
      'aws_cloudwatch_log_metric_filter.missing_authentication_token',
    );
  }
  if (plan.accessLog && plan.accessLog.change !== 'none') {
    w.blank();
    w.comment(`Put these in the access_log_settings block of the aws_api_gateway_stage of stage ${t.stage}:`);
    w.block('output "access_log_destination_arn"', (b) => {
      b.attr(
        'value',
        createsLogGroup(plan)
          ? 'aws_cloudwatch_log_group.access.arn'
          : hclString(plan.accessLog!.after.destinationArn),
      );
    });
    w.blank();
    w.block('output "access_log_format"', (b) => {
      b.attr('value', hclString(plan.accessLog!.after.format));
    });
  }
  return w.toString();
}
