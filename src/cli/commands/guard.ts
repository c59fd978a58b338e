import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export interface GuardAlarmsFlags {
  api?: string;
  stage?: string;
  region?: string;
  profile?: string;
  snsTopicArn?: string;
  anomalyBand?: string;
  apply?: boolean;
  yes?: boolean;
  emit?: string;
  out?: string;
  endpointUrl?: string;
  output: string;
}

const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/;

/** `apigw-doctor guard alarms`: a dry-run plan by default; --apply creates; --emit writes code. */
export async function runGuardAlarms(flags: GuardAlarmsFlags): Promise<number> {
  if (!flags.api) throw new InputError('guard alarms needs --api ID');
  if (!flags.stage) throw new InputError('guard alarms needs --stage NAME');
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new InputError('guard alarms needs --region (or AWS_REGION)');
  if (flags.snsTopicArn !== undefined && !SNS_ARN.test(flags.snsTopicArn))
    throw new InputError(`--sns-topic-arn is not an SNS topic ARN: ${JSON.stringify(flags.snsTopicArn)}`);
  let anomalyBand: number | undefined;
  if (flags.anomalyBand !== undefined) {
    anomalyBand = Number(flags.anomalyBand);
    if (!(anomalyBand > 0 && anomalyBand <= 10))
      throw new InputError(
        `--anomaly-band takes a number of standard deviations (0 < N <= 10), not ${JSON.stringify(flags.anomalyBand)}`,
      );
  }
  if (flags.emit && flags.apply)
    throw new InputError('--emit and --apply are exclusive: write code, or apply');
  if (flags.apply && !process.stdin.isTTY && !flags.yes)
    throw new InputError(
      '--apply without a terminal needs --yes (review the dry run first: run without --apply)',
    );

  const [{ AwsSession }, aws, { makeGuardPlan, guardPlanToText }] = await Promise.all([
    import('../../collect/aws/session.js'),
    import('../../guard/aws.js'),
    import('../../guard/plan.js'),
  ]);
  const session = new AwsSession({
    region,
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
  });
  const clients = await aws.guardClients(session, region);
  try {
    const inputs = await aws.readGuardInputs(session, clients, {
      apiId: flags.api,
      stage: flags.stage,
      region,
      threshold: anomalyBand === undefined,
      now: new Date(),
    });
    const plan = makeGuardPlan({
      ...inputs,
      ...(anomalyBand !== undefined ? { anomalyBand } : {}),
      ...(flags.snsTopicArn ? { snsTopicArn: flags.snsTopicArn } : {}),
    });

    if (flags.emit) {
      const emit = await import('../../guard/emit.js');
      const text =
        flags.emit === 'terraform' ? emit.emitGuardTerraform(plan) : emit.emitGuardCloudFormation(plan);
      if (flags.out) {
        await mkdir(dirname(flags.out), { recursive: true });
        await writeFile(flags.out, text);
        process.stderr.write(`wrote ${flags.out}\n`);
      } else write(text);
      return EXIT.ok;
    }
    if (!flags.apply) {
      if (flags.output === 'json') write(JSON.stringify({ ...plan, applied: null }, null, 2));
      else
        write(
          `${guardPlanToText(plan)}\nDry run: nothing was changed. Apply with --apply (and --yes without a terminal), or write code with --emit cloudformation|terraform.`,
        );
      return EXIT.ok;
    }
    if (process.stdin.isTTY && !flags.yes) {
      write(guardPlanToText(plan));
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question('Apply this plan? [y/N] ');
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) return EXIT.findings;
    }
    const result = await aws.applyGuardPlan(session, clients, plan);
    if (flags.output === 'json') write(JSON.stringify({ ...plan, applied: result }, null, 2));
    else {
      write(guardPlanToText(plan, false));
      write('\nSteps:');
      for (const s of result.steps) write(`  [${s.status}] ${s.summary}${s.detail ? ` — ${s.detail}` : ''}`);
      write(
        result.outcome === 'applied'
          ? `Applied: ${plan.alarms.map((a) => a.AlarmName).join(', ')}.`
          : `FAILED at a step: ${result.reason}. The steps done stay (they are additive); run again once fixed.`,
      );
    }
    return result.outcome === 'applied' ? EXIT.ok : (result.exitCode ?? 5);
  } finally {
    clients.destroy();
    await session.destroy();
  }
}
