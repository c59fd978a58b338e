/**
 * `--emit sh`: a plan as a bash script a user reviews and runs. Back up, check that AWS still matches
 * the plan, apply, verify, print the rollback. Pure: the plan in, the script text out.
 *
 * Every value that comes from the plan reaches the script only through `shellQuote` (a single-quoted
 * or `$'…'` word) or a comment with control characters removed, so an API name, origin or path holding
 * `'`, `$(…)`, backticks or newlines stays inert. The one exception is the Region, which sits in
 * `"${REGION:-…}"` and is therefore checked against the Region name pattern instead.
 */
import type { Action, Plan, PlannedAction } from './types.js';

/** A word for bash: bare when it is plainly safe, else single-quoted, else `$'…'` (control characters). */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error(`a shell word cannot hold a NUL byte: ${JSON.stringify(value)}`);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  if (![...value].some((ch) => isControl(ch))) return `'${value.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A C0 control character or DEL. */
function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** Text for a one-line comment: control characters and line separators become one space. */
export function commentText(value: string): string {
  let out = '';
  let gap = false;
  for (const ch of value) {
    if (isControl(ch) || ch === '\u2028' || ch === '\u2029') {
      gap = true;
      continue;
    }
    if (gap && out) out += ' ';
    gap = false;
    out += ch;
  }
  return out.trim();
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function assertRegion(region: string): void {
  if (!REGION_NAME.test(region))
    throw new Error(`plan.region is not an AWS Region name: ${JSON.stringify(region)}`);
}

/** A patch operation for `--patch-operations`: shorthand when the value is a plain id, JSON otherwise. */
function patchOp(op: string, path: string, value?: string): string {
  if (value === undefined) return `op=${op},path=${path}`;
  if (/^[A-Za-z0-9_-]+$/.test(value)) return `op=${op},path=${path},value=${value}`;
  return shellQuote(JSON.stringify([{ op, path, value }]));
}

function corsHeaderParameters(a: Extract<Action, { kind: 'put-cors-options' }>): {
  method: Record<string, boolean>;
  integration: Record<string, string>;
} {
  const h = 'method.response.header.Access-Control-Allow-';
  return {
    method: { [`${h}Headers`]: false, [`${h}Methods`]: false, [`${h}Origin`]: false },
    integration: {
      [`${h}Headers`]: `'${a.allowHeaders.join(',')}'`,
      [`${h}Methods`]: `'${a.allowMethods.join(',')}'`,
      [`${h}Origin`]: `'${a.allowOrigin}'`,
    },
  };
}

/** The `(none)` spelling API Gateway uses for an empty base path. */
function basePathArg(basePath: string): string {
  return basePath === '' ? '(none)' : basePath;
}

/** Actions that change a custom domain's mappings only (no stage, no deployment). */
export const DOMAIN_ONLY_KINDS = new Set<Action['kind']>([
  'update-base-path-mapping',
  'create-api-mapping',
  'update-api-mapping',
]);

/** `api/stage` as the text output of a `--query '[apiId,stage]'` shows it (tab-separated). */
function mappingText(m: { apiId: string; stage?: string }): string {
  return `${m.apiId}\t${m.stage ?? 'None'}`;
}

interface StageTarget {
  apiId: string;
  stage: string;
  /** The stage the plan was made for (plan.expected applies to it). */
  primary: boolean;
  /** bash variable holding its deployment id before the script changed anything */
  oldVar: string;
  prefix: string;
}

function stageTargets(plan: Plan): StageTarget[] {
  const out: StageTarget[] = [];
  const add = (apiId: string, stage: string, primary: boolean): void => {
    if (out.some((t) => t.apiId === apiId && t.stage === stage)) return;
    const n = out.length + 1;
    out.push({
      apiId,
      stage,
      primary,
      oldVar: n === 1 ? 'OLD_DEPLOYMENT' : `OLD_DEPLOYMENT_${n}`,
      prefix: `stage-${n}`,
    });
  };
  // A plan that only re-points or adds domain mappings changes no stage: nothing of a stage to back up.
  if (plan.actions.length && plan.actions.every((p) => DOMAIN_ONLY_KINDS.has(p.action.kind))) return out;
  const firstApi = plan.apiId ?? plan.actions.map((p) => p.action.apiId).find((x) => x !== undefined);
  const firstStage =
    plan.stage ??
    plan.actions.map((p) => ('stage' in p.action ? p.action.stage : undefined)).find((x) => x !== undefined);
  if (firstApi !== undefined && firstStage !== undefined) add(firstApi, firstStage, true);
  for (const { action: a } of plan.actions)
    if (a.kind === 'create-deployment' || a.kind === 'update-stage-deployment') add(a.apiId, a.stage, false);
  return out;
}

function oldVarFor(targets: StageTarget[], apiId: string, stage: string): string {
  const t = targets.find((x) => x.apiId === apiId && x.stage === stage);
  if (!t) throw new Error(`internal: no backup for stage ${stage} of ${apiId}`);
  return t.oldVar;
}

/** The bash script for a plan. Throws on a plan that cannot be rendered safely (a malformed Region). */
export function emitShell(plan: Plan): string {
  assertRegion(plan.region);
  // A plan value holding `$` or a backtick is single-quoted on purpose; shellcheck would flag it
  // (SC2016, "expressions don't expand in single quotes"), so the script says so once.
  let literalExpansions = false;
  const q = (value: string): string => {
    const word = shellQuote(value);
    if (word.startsWith("'") && /[$`]/.test(value)) literalExpansions = true;
    return word;
  };
  const L: string[] = [];
  const line = (s = ''): void => {
    L.push(s);
  };
  const targets = stageTargets(plan);
  const primary = targets.find((t) => t.primary);
  const expected = plan.expected?.deploymentId;
  const actions = plan.actions;
  const hasCanary = actions.some((p) => p.action.kind === 'create-deployment' && p.action.canaryPercent);
  const irreversible = actions.filter((p) => !p.reversible);
  const corsActions = actions.filter((p) => p.action.kind === 'put-cors-options');

  // ---- header ----------------------------------------------------------------------------------
  line('#!/usr/bin/env bash');
  line('# apigw-doctor remediation script: generated from a plan; review it before running it.');
  line(`# Request: ${commentText(`${plan.method} ${plan.url}`)}`);
  line(
    `# Plan made ${commentText(plan.createdAt)}` +
      (plan.apiId ? ` for API ${commentText(plan.apiId)}` : '') +
      (plan.stage ? `, stage ${commentText(plan.stage)}` : '') +
      (expected ? ` (serving deployment ${commentText(expected)})` : '') +
      (plan.accountId ? ` in account ${commentText(plan.accountId)}` : '') +
      '.',
  );
  if (actions.length) {
    line('# Changes, in order:');
    actions.forEach((p, i) => {
      line(`#   ${i + 1}. [${commentText(p.findingId)}] ${commentText(p.summary)}`);
      line(`#      undo: ${p.undo === null ? 'none (one-way change)' : commentText(p.undo)}`);
    });
  }
  const br = plan.blastRadius;
  if (br) {
    const rc = br.routeChanges;
    if (rc.added.length || rc.removed.length || rc.changed.length) {
      line('# A deployment ships every pending change on the stage:');
      for (const r of rc.added) line(`#   + ${commentText(r)}`);
      for (const r of rc.removed) line(`#   - ${commentText(r)}`);
      for (const r of rc.changed) line(`#   ~ ${commentText(r)}`);
    }
    if (br.otherStages.length) line(`# Other stages of this API: ${commentText(br.otherStages.join(', '))}`);
    if (br.domains.length) line(`# Custom domains serving it: ${commentText(br.domains.join(', '))}`);
    if (br.managedBy)
      line(
        `# WARNING: managed by ${commentText(br.managedBy.tool)}${br.managedBy.name ? ` (${commentText(br.managedBy.name)})` : ''}: ${commentText(br.managedBy.warning)}`,
      );
  }
  for (const n of plan.notFixed)
    line(`# Not fixed here: [${commentText(n.findingId)}] ${commentText(n.reason)}`);
  for (const c of plan.clientFixes) line(`# Client-side fix (not in this script): ${commentText(c.summary)}`);
  line('#');
  line('# Usage:   REGION=… PROFILE=… bash this-script.sh');
  line('# Steps:   back up, check that AWS still matches the plan, apply, verify, print the rollback.');
  line('# Exit:    0 applied and verified; 3 AWS no longer matches the plan (nothing changed);');
  line('#          anything else: a step failed (the rollback for what was changed is printed).');
  line('set -euo pipefail');
  line();
  line(`REGION="\${REGION:-${plan.region}}"`);
  line('PROFILE="${PROFILE:-}"');
  line('VERIFY_SECONDS="${VERIFY_SECONDS:-60}"');
  line('BACKUP_ROOT="${BACKUP_ROOT:-apigw-doctor-backups}"');
  if (hasCanary) line('CANARY_BAKE_SECONDS="${CANARY_BAKE_SECONDS:-300}"');
  line();
  line('AWS_ARGS=(--region "$REGION")');
  line('if [[ -n "$PROFILE" ]]; then AWS_ARGS+=(--profile "$PROFILE"); fi');
  line();
  line('# Every AWS CLI call goes through here: the Region, and the profile when one is set.');
  line('aws() {');
  line('  command aws "${AWS_ARGS[@]}" "$@"');
  line('}');
  line();
  line('# Prints a command with each word quoted, ready to paste.');
  line('show() {');
  line('  local word out="" plain=\'^[A-Za-z0-9_@%+=:,./-]+$\'');
  line('  for word in "$@"; do');
  line('    if [[ "$word" =~ $plain ]]; then out+="$word "; else out+="$(printf \'%q\' "$word") "; fi');
  line('  done');
  line('  printf \'  %s\\n\' "${out% }"');
  line('}');
  line();
  line('refuse() {');
  line('  local format="$1"');
  line('  shift');
  line('  # shellcheck disable=SC2059 # the format is always a literal from this script');
  line('  printf "refusing to apply: $format\\n" "$@" >&2');
  line("  echo 'Nothing was changed. Run apigw-doctor again for a fresh plan.' >&2");
  line('  exit 3');
  line('}');

  if (!actions.length) {
    line();
    line("echo 'This plan changes nothing in AWS.'");
    for (const c of plan.clientFixes) {
      line(`printf 'client-side fix: %s\\n' ${q(c.summary)}`);
      for (const cmd of c.commands) line(`printf '  %s\\n' ${q(cmd)}`);
    }
    return `${L.join('\n')}\n`;
  }

  const scope = primary ? `-${primary.apiId}-${primary.stage}`.replace(/[^A-Za-z0-9_-]/g, '_') : '';
  line();
  line('# ---- 1. Back up ---------------------------------------------------------------------------');
  line(`BACKUP_DIR="$BACKUP_ROOT/$(date -u +%Y%m%dT%H%M%SZ)${scope}"`);
  line('mkdir -p "$BACKUP_DIR"');
  line('echo "backups and a journal of every change go to $BACKUP_DIR"');
  if (targets.length) {
    line();
    line('# Saves a stage (get-stage), its export with the API Gateway extensions (get-export) and its');
    line('# deployment id; an empty id file when the stage does not exist.');
    line('backup_stage() {');
    line('  local api_id="$1" stage="$2" prefix="$BACKUP_DIR/$3"');
    line(
      '  if ! aws apigateway get-stage --rest-api-id "$api_id" --stage-name "$stage" > "$prefix-stage.json" 2> "$prefix-get-stage.err"; then',
    );
    line('    if grep -q NotFoundException "$prefix-get-stage.err"; then');
    line('      rm -f "$prefix-stage.json"');
    line('      : > "$prefix-deployment-id.txt"');
    line('      return 0');
    line('    fi');
    line('    cat "$prefix-get-stage.err" >&2');
    line('    return 1');
    line('  fi');
    line(
      '  aws apigateway get-export --rest-api-id "$api_id" --stage-name "$stage" --export-type oas30 --parameters extensions=apigateway "$prefix-export-oas30.json" > /dev/null',
    );
    line(
      '  aws apigateway get-stage --rest-api-id "$api_id" --stage-name "$stage" --query deploymentId --output text > "$prefix-deployment-id.txt"',
    );
    line('}');
    for (const t of targets) {
      line(`backup_stage ${q(t.apiId)} ${q(t.stage)} ${t.prefix}`);
      line(`${t.oldVar}="$(cat "$BACKUP_DIR/${t.prefix}-deployment-id.txt")"`);
    }
  }
  actions.forEach((p, i) => {
    const a = p.action;
    const f = `"$BACKUP_DIR/action-${i + 1}`;
    if (a.kind === 'put-cors-options')
      line(
        `aws apigateway get-resource --rest-api-id ${q(a.apiId)} --resource-id ${q(a.resourceId)} --embed methods > ${f}-resource.json"`,
      );
    else if (a.kind === 'create-base-path-mapping')
      line(
        `aws apigateway get-base-path-mappings --domain-name ${q(a.domainName)} > ${f}-base-path-mappings.json"`,
      );
    else if (a.kind === 'delete-gateway-response')
      line(
        `aws apigateway get-gateway-response --rest-api-id ${q(a.apiId)} --response-type ${q(a.responseType)} > ${f}-gateway-response.json"`,
      );
    else if (a.kind === 'update-base-path-mapping')
      line(
        `aws apigateway get-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))} > ${f}-base-path-mapping.json"`,
      );
    else if (a.kind === 'create-api-mapping' || a.kind === 'update-api-mapping')
      line(`aws apigatewayv2 get-api-mappings --domain-name ${q(a.domainName)} > ${f}-api-mappings.json"`);
  });

  // ---- state check -------------------------------------------------------------------------------
  line();
  line('# ---- 2. Check that AWS still matches the plan --------------------------------------------');
  if (primary) {
    const createsPrimary = actions.some(
      (p) =>
        p.action.kind === 'create-deployment' &&
        p.action.apiId === primary.apiId &&
        p.action.stage === primary.stage,
    );
    if (expected !== undefined) {
      line(`if [[ "$${primary.oldVar}" != ${q(expected)} ]]; then`);
      line(
        `  refuse 'stage %s of API %s serves deployment %s; the plan was made when it served %s' ${q(primary.stage)} ${q(primary.apiId)} "\${${primary.oldVar}:-(no stage)}" ${q(expected)}`,
      );
      line('fi');
    } else if (createsPrimary) {
      line(`if [[ -n "$${primary.oldVar}" ]]; then`);
      line(
        `  refuse 'stage %s of API %s exists now (deployment %s); the plan was made when it did not' ${q(primary.stage)} ${q(primary.apiId)} "$${primary.oldVar}"`,
      );
      line('fi');
    } else {
      line('# The plan recorded no deployment for the stage, so there is nothing to compare.');
      line(
        `printf 'warning: the plan recorded no deployment for stage %s; not checked\\n' ${q(primary.stage)} >&2`,
      );
    }
  }
  for (const p of corsActions) {
    const a = p.action as Extract<Action, { kind: 'put-cors-options' }>;
    line(
      `if aws apigateway get-method --rest-api-id ${q(a.apiId)} --resource-id ${q(a.resourceId)} --http-method OPTIONS > /dev/null 2>&1; then`,
    );
    line(`  refuse '%s already has an OPTIONS method' ${q(a.resourcePath)}`);
    line('fi');
  }
  for (const { action: a } of actions) {
    if (a.kind === 'create-base-path-mapping') {
      line(
        `if aws apigateway get-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))} > /dev/null 2>&1; then`,
      );
      line(
        `  refuse 'base path %s of %s is already mapped' ${q(basePathArg(a.basePath))} ${q(a.domainName)}`,
      );
      line('fi');
    } else if (a.kind === 'update-base-path-mapping') {
      line(
        `if [[ "$(aws apigateway get-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))} --query '[restApiId,stage]' --output text)" != ${q(mappingText(a.previous))} ]]; then`,
      );
      line(
        `  refuse 'base path %s of %s no longer maps %s' ${q(basePathArg(a.basePath))} ${q(a.domainName)} ${q(`${a.previous.apiId}/${a.previous.stage ?? '(no stage)'}`)}`,
      );
      line('fi');
    } else if (a.kind === 'create-api-mapping') {
      line(
        `if [[ -n "$(aws apigatewayv2 get-api-mappings --domain-name ${q(a.domainName)} --query ${q(`Items[?ApiMappingKey=='${a.apiMappingKey}'].ApiMappingId`)} --output text)" ]]; then`,
      );
      line(
        `  refuse 'the API mapping key %s of %s is taken' ${q(basePathArg(a.apiMappingKey))} ${q(a.domainName)}`,
      );
      line('fi');
    } else if (a.kind === 'update-api-mapping') {
      line(
        `if [[ "$(aws apigatewayv2 get-api-mapping --domain-name ${q(a.domainName)} --api-mapping-id ${q(a.apiMappingId)} --query '[ApiId,Stage]' --output text)" != ${q(mappingText(a.previous))} ]]; then`,
      );
      line(
        `  refuse 'API mapping %s of %s no longer maps %s' ${q(a.apiMappingId)} ${q(a.domainName)} ${q(`${a.previous.apiId}/${a.previous.stage ?? '(no stage)'}`)}`,
      );
      line('fi');
    } else if (a.kind === 'delete-gateway-response') {
      line(
        `if [[ "$(aws apigateway get-gateway-response --rest-api-id ${q(a.apiId)} --response-type ${q(a.responseType)} --query defaultResponse --output text)" != False ]]; then`,
      );
      line(`  refuse 'gateway response %s is no longer customized' ${q(a.responseType)}`);
      line('fi');
    }
  }
  if (irreversible.length) {
    line('if [[ "${ALLOW_IRREVERSIBLE:-}" != 1 ]]; then');
    line(
      `  refuse 'step(s) %s cannot be undone; set ALLOW_IRREVERSIBLE=1 to run them (backups are in %s)' ${q(irreversible.map((p) => actions.indexOf(p) + 1).join(', '))} "$BACKUP_DIR"`,
    );
    line('fi');
  }
  if (br?.managedBy)
    line(
      `printf 'warning: %s manages this API%s; make the same change there or the next deploy undoes it\\n' ${q(br.managedBy.tool)} ${q(br.managedBy.name ? ` (${br.managedBy.name})` : '')} >&2`,
    );

  // ---- rollback (defined before the changes, printed on success and on failure) ------------------
  line();
  line('# ---- Rollback: printed at the end, or as soon as a step fails after a change ---------------');
  line('CHANGED=0');
  if (hasCanary) line('CANARY_ACTIVE=0');
  line('print_rollback() {');
  line('  echo "to roll back (backups in $BACKUP_DIR):"');
  const undone = new Set<string>();
  const deploysLater = (i: number): boolean =>
    actions.slice(i + 1).some((p) => p.action.kind === 'create-deployment');
  for (let i = actions.length - 1; i >= 0; i--) {
    const p = actions[i] as PlannedAction;
    const a = p.action;
    switch (a.kind) {
      case 'create-deployment':
      case 'update-stage-deployment': {
        const key = `${a.apiId}\n${a.stage}`;
        if (undone.has(key)) break;
        undone.add(key);
        const old = oldVarFor(targets, a.apiId, a.stage);
        if (hasCanary && a.kind === 'create-deployment' && a.canaryPercent) {
          line('  if [[ "$CANARY_ACTIVE" == 1 ]]; then');
          line(
            `    show aws "\${AWS_ARGS[@]}" apigateway update-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --patch-operations op=remove,path=/canarySettings`,
          );
          line('  fi');
        }
        line(`  if [[ -n "$${old}" ]]; then`);
        line(
          `    show aws "\${AWS_ARGS[@]}" apigateway update-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --patch-operations "op=replace,path=/deploymentId,value=$${old}"`,
        );
        line('  else');
        line(
          `    show aws "\${AWS_ARGS[@]}" apigateway delete-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)}`,
        );
        line('  fi');
        break;
      }
      case 'put-cors-options':
        line(
          `  show aws "\${AWS_ARGS[@]}" apigateway delete-method --rest-api-id ${q(a.apiId)} --resource-id ${q(a.resourceId)} --http-method OPTIONS`,
        );
        if (!deploysLater(i)) line("  echo '  (then deploy the API for it to take effect)'");
        break;
      case 'create-base-path-mapping':
        line(
          `  show aws "\${AWS_ARGS[@]}" apigateway delete-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))}`,
        );
        break;
      case 'update-base-path-mapping': {
        const back = [
          ...(a.apiId !== a.previous.apiId
            ? [{ op: 'replace', path: '/restapiId', value: a.previous.apiId }]
            : []),
          a.previous.stage === undefined
            ? { op: 'remove', path: '/stage' }
            : { op: 'replace', path: '/stage', value: a.previous.stage },
        ];
        line(
          `  echo '  (this puts back the broken state; AWS refuses a mapping to a missing stage, then delete the mapping instead:)'`,
        );
        line(
          `  show aws "\${AWS_ARGS[@]}" apigateway update-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))} --patch-operations ${q(JSON.stringify(back))}`,
        );
        line(
          `  show aws "\${AWS_ARGS[@]}" apigateway delete-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))}`,
        );
        break;
      }
      case 'create-api-mapping':
        line(
          `  show aws "\${AWS_ARGS[@]}" apigatewayv2 delete-api-mapping --domain-name ${q(a.domainName)} --api-mapping-id "\${API_MAPPING_ID_${i + 1}:-ID_FROM_GET_API_MAPPINGS}"`,
        );
        break;
      case 'update-api-mapping':
        line(
          `  echo '  (this puts back the broken state; AWS refuses a mapping to a missing stage, then delete the mapping instead:)'`,
        );
        line(
          `  show aws "\${AWS_ARGS[@]}" apigatewayv2 update-api-mapping --domain-name ${q(a.domainName)} --api-mapping-id ${q(a.apiMappingId)} --api-id ${q(a.previous.apiId)}${a.previous.stage === undefined ? '' : ` --stage ${q(a.previous.stage)}`}`,
        );
        line(
          `  show aws "\${AWS_ARGS[@]}" apigatewayv2 delete-api-mapping --domain-name ${q(a.domainName)} --api-mapping-id ${q(a.apiMappingId)}`,
        );
        break;
      case 'delete-gateway-response':
        line(
          `  printf '  re-create gateway response %s with put-gateway-response from %s (its statusCode, responseParameters, responseTemplates), then deploy\\n' ${q(a.responseType)} "$BACKUP_DIR/action-${i + 1}-gateway-response.json"`,
        );
        break;
    }
  }
  line('}');
  line('on_exit() {');
  line('  local rc=$?');
  line('  if (( rc != 0 )) && [[ "$CHANGED" == 1 ]]; then');
  line('    echo "FAILED (exit $rc) after changing AWS." >&2');
  line('    print_rollback >&2');
  line('  fi');
  line('}');
  line('trap on_exit EXIT');

  // ---- apply -------------------------------------------------------------------------------------
  line();
  line('# ---- 3. Apply ------------------------------------------------------------------------------');
  actions.forEach((p, i) => {
    const n = i + 1;
    const a = p.action;
    const journal = (op: string): string => `> "$BACKUP_DIR/action-${n}-${op}.json"`;
    line();
    line(`# ${n}. [${commentText(p.findingId)}] ${commentText(p.summary)}`);
    line(`printf '[%s/%s] %s\\n' ${n} ${actions.length} ${q(p.summary)}`);
    line('CHANGED=1');
    switch (a.kind) {
      case 'create-deployment': {
        const v = `NEW_DEPLOYMENT_${n}`;
        const canary =
          a.canaryPercent !== undefined
            ? ` --canary-settings ${q(JSON.stringify({ percentTraffic: canaryPercent(a.canaryPercent), useStageCache: false }))}`
            : '';
        line(
          `${v}="$(aws apigateway create-deployment --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --description ${q(a.description)}${canary} --query id --output text)"`,
        );
        line(`printf '%s\\n' "$${v}" > "$BACKUP_DIR/action-${n}-deployment-id.txt"`);
        if (a.canaryPercent !== undefined) {
          line('CANARY_ACTIVE=1');
          line(
            `printf 'canary: %s%% of stage %s goes to deployment %s; promoting it in %s s (CANARY_BAKE_SECONDS)\\n' ${q(String(canaryPercent(a.canaryPercent)))} ${q(a.stage)} "$${v}" "$CANARY_BAKE_SECONDS"`,
          );
          line('sleep "$CANARY_BAKE_SECONDS"');
          line(
            `aws apigateway update-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --patch-operations op=copy,from=/canarySettings/deploymentId,path=/deploymentId ${journal('promote-canary')}`,
          );
          line(
            `aws apigateway update-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --patch-operations op=remove,path=/canarySettings ${journal('remove-canary')}`,
          );
          line('CANARY_ACTIVE=0');
        }
        line(`printf 'stage %s now serves deployment %s\\n' ${q(a.stage)} "$${v}"`);
        break;
      }
      case 'update-stage-deployment':
        line(
          `aws apigateway update-stage --rest-api-id ${q(a.apiId)} --stage-name ${q(a.stage)} --patch-operations ${patchOp('replace', '/deploymentId', a.deploymentId)} ${journal('update-stage')}`,
        );
        break;
      case 'put-cors-options': {
        const params = corsHeaderParameters(a);
        const base = `--rest-api-id ${q(a.apiId)} --resource-id ${q(a.resourceId)} --http-method OPTIONS`;
        line(
          `aws apigateway put-method ${base} --authorization-type NONE --no-api-key-required ${journal('put-method')}`,
        );
        line(
          `aws apigateway put-method-response ${base} --status-code 200 --response-parameters ${q(JSON.stringify(params.method))} --response-models ${q(JSON.stringify({ 'application/json': 'Empty' }))} ${journal('put-method-response')}`,
        );
        line(
          `aws apigateway put-integration ${base} --type MOCK --request-templates ${q(JSON.stringify({ 'application/json': '{"statusCode": 200}' }))} ${journal('put-integration')}`,
        );
        line(
          `aws apigateway put-integration-response ${base} --status-code 200 --response-parameters ${q(JSON.stringify(params.integration))} --response-templates ${q(JSON.stringify({ 'application/json': '' }))} ${journal('put-integration-response')}`,
        );
        if (!deploysLater(i))
          line("echo 'note: the OPTIONS method takes effect once the API is deployed to the stage'");
        break;
      }
      case 'create-base-path-mapping':
        line(
          `aws apigateway create-base-path-mapping --domain-name ${q(a.domainName)}${a.basePath === '' || a.basePath === '(none)' ? '' : ` --base-path ${q(a.basePath)}`} --rest-api-id ${q(a.apiId)} --stage ${q(a.stage)} ${journal('create-base-path-mapping')}`,
        );
        break;
      case 'update-base-path-mapping': {
        const ops = [
          ...(a.apiId !== a.previous.apiId ? [{ op: 'replace', path: '/restapiId', value: a.apiId }] : []),
          { op: 'replace', path: '/stage', value: a.stage },
        ];
        line(
          `aws apigateway update-base-path-mapping --domain-name ${q(a.domainName)} --base-path ${q(basePathArg(a.basePath))} --patch-operations ${q(JSON.stringify(ops))} ${journal('update-base-path-mapping')}`,
        );
        break;
      }
      case 'create-api-mapping':
        line(
          `API_MAPPING_ID_${n}="$(aws apigatewayv2 create-api-mapping --domain-name ${q(a.domainName)} --api-id ${q(a.apiId)} --stage ${q(a.stage)}${a.apiMappingKey ? ` --api-mapping-key ${q(a.apiMappingKey)}` : ''} --query ApiMappingId --output text)"`,
        );
        line(`printf '%s\\n' "$API_MAPPING_ID_${n}" > "$BACKUP_DIR/action-${n}-api-mapping-id.txt"`);
        break;
      case 'update-api-mapping':
        line(
          `aws apigatewayv2 update-api-mapping --domain-name ${q(a.domainName)} --api-mapping-id ${q(a.apiMappingId)} --api-id ${q(a.apiId)} --stage ${q(a.stage)} ${journal('update-api-mapping')}`,
        );
        break;
      case 'delete-gateway-response':
        line(
          `aws apigateway delete-gateway-response --rest-api-id ${q(a.apiId)} --response-type ${q(a.responseType)}`,
        );
        if (!deploysLater(i))
          line(
            "echo 'note: the default gateway response takes effect once the API is deployed to the stage'",
          );
        break;
    }
  });

  // ---- verify ------------------------------------------------------------------------------------
  const cors = corsActions[0]?.action as Extract<Action, { kind: 'put-cors-options' }> | undefined;
  line();
  line('# ---- 4. Verify -----------------------------------------------------------------------------');
  line(
    `# Sends the request again${['POST', 'PUT', 'PATCH'].includes(plan.method.toUpperCase()) ? ' (with an empty body)' : ''} until it is no longer 403 Missing Authentication`,
  );
  line('# Token, backing off 2, 4, 8… s, for up to VERIFY_SECONDS: a new deployment can take a moment.');
  line(`VERIFY_METHOD=${q(plan.method)}`);
  line(`VERIFY_URL=${q(plan.url)}`);
  if (cors) {
    line(`CORS_ORIGIN=${q(cors.allowOrigin)}`);
    line(`CORS_REQUEST_METHOD=${q(cors.allowMethods.find((m) => m !== 'OPTIONS') ?? 'GET')}`);
  }
  line('verify() {');
  line('  local deadline=$((SECONDS + VERIFY_SECONDS)) delay=2 status etype problem');
  line('  local headers="$BACKUP_DIR/verify-headers.txt"');
  line('  while :; do');
  line('    : > "$headers"');
  const upper = plan.method.toUpperCase();
  const methodArgs =
    upper === 'HEAD'
      ? '--head'
      : ['POST', 'PUT', 'PATCH'].includes(upper)
        ? `-X "$VERIFY_METHOD" --data ''`
        : '-X "$VERIFY_METHOD"';
  line(
    `    status="$(curl -sS -o /dev/null -D "$headers" -w '%{http_code}' ${methodArgs} --max-time 10 --url "$VERIFY_URL")" || status=000`,
  );
  line(
    '    etype="$(tr -d \'\\r\' < "$headers" | awk -F\': *\' \'tolower($1) == "x-amzn-errortype" { print $2 }\')"',
  );
  line('    problem=""');
  line('    if [[ "$status" == 000 ]]; then');
  line('      problem="no answer"');
  line('    elif [[ "$status" == 403 && "$etype" == MissingAuthenticationTokenException* ]]; then');
  line('      problem="still 403 $etype"');
  line('    fi');
  if (cors) {
    line('    if [[ -z "$problem" ]]; then');
    line('      : > "$headers"');
    line(
      '      curl -sS -o /dev/null -D "$headers" -X OPTIONS -H "Origin: $CORS_ORIGIN" -H "Access-Control-Request-Method: $CORS_REQUEST_METHOD" --max-time 10 --url "$VERIFY_URL" || true',
    );
    line('      if ! grep -qi \'^access-control-allow-origin:\' "$headers"; then');
    line('        problem="$status, but the CORS preflight has no Access-Control-Allow-Origin"');
    line('      fi');
    line('    fi');
  }
  line('    if [[ -z "$problem" ]]; then');
  line('      printf \'verified: %s %s answers %s\\n\' "$VERIFY_METHOD" "$VERIFY_URL" "$status"');
  line('      return 0');
  line('    fi');
  line('    if (( SECONDS + delay > deadline )); then');
  line(
    '      printf \'verification failed after %s s: %s %s: %s\\n\' "$VERIFY_SECONDS" "$VERIFY_METHOD" "$VERIFY_URL" "$problem" >&2',
  );
  line('      return 1');
  line('    fi');
  line('    printf \'%s; retrying in %s s\\n\' "$problem" "$delay"');
  line('    sleep "$delay"');
  line('    delay=$((delay * 2))');
  line('  done');
  line('}');
  line('verify');
  line();
  line('# ---- 5. Rollback ---------------------------------------------------------------------------');
  line('print_rollback | tee "$BACKUP_DIR/rollback.txt"');
  line("echo 'done.'");
  if (literalExpansions)
    L.splice(
      1,
      0,
      '# shellcheck disable=SC2016 # plan values with $ or ` are single-quoted on purpose: inert',
    );
  return `${L.join('\n')}\n`;
}

function canaryPercent(p: number): number {
  if (!Number.isFinite(p) || p <= 0 || p > 100) throw new Error(`canaryPercent must be in (0, 100]: ${p}`);
  return p;
}
