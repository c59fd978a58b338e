import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { remember, type Json } from './located.js';

/** CloudFormation's short forms (`!Ref X`) and the long form each stands for. */
const INTRINSIC_TAGS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
  'Transform',
] as const;

function longForm(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

type YamlModule = typeof import('yaml');

/**
 * Parses YAML (and JSON, which the same parser reads with positions) into plain values that remember their
 * lines. Intrinsic-function tags become their long forms ({"Fn::GetAtt": ["A", "B"]}); unknown tags such as
 * Rain's `!Rain::Embed` become `{"Rain::Embed": value}` instead of failing.
 */
export function parseYaml(yaml: YamlModule, text: string): Json {
  const customTags = INTRINSIC_TAGS.flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => value },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
  ]);
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, {
    customTags: customTags as never,
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new YamlSyntaxError(first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line);
  }
  return convert(yaml, doc, doc.contents as YamlNode | null, lineCounter);
}

function convert(yaml: YamlModule, doc: Document, node: YamlNode | null, lines: LineCounter): Json {
  if (node === null || node === undefined) return null;
  if (yaml.isAlias(node)) return convert(yaml, doc, node.resolve(doc) as YamlNode | null, lines);
  const line = node.range ? lines.linePos(node.range[0]).line : 0;
  let value: Json;
  if (yaml.isMap(node)) {
    const object: Record<string, Json> = {};
    const where = remember(object, line);
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = yaml.isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      object[key] = convert(yaml, doc, pair.value as YamlNode | null, lines);
      where.keys.set(key, keyNode?.range ? lines.linePos(keyNode.range[0]).line : line);
    }
    value = object;
  } else if (yaml.isSeq(node)) {
    const items: Json[] = [];
    const where = remember(items, line);
    node.items.forEach((item, index) => {
      items.push(convert(yaml, doc, item as YamlNode | null, lines));
      const itemNode = item as YamlNode | null;
      where.keys.set(String(index), itemNode?.range ? lines.linePos(itemNode.range[0]).line : line);
    });
    value = items;
  } else if (yaml.isScalar(node)) {
    const raw = node.value;
    value = raw instanceof Date ? raw.toISOString() : (raw as Json);
  } else {
    value = null;
  }
  const tag = node.tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const name = tag.slice(1);
    const known = (INTRINSIC_TAGS as readonly string[]).includes(name);
    let argument = value;
    if (name === 'GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      argument = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
    }
    const wrapped: Record<string, Json> = { [known ? longForm(name) : name]: argument };
    remember(wrapped, line);
    return wrapped;
  }
  return value;
}
