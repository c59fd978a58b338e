/** One `resource "type" "name" { ... }` block, as @cdktf/hcl2json reads it, with the lines it gives none of. */
export interface TfResource {
  type: string;
  name: string;
  /** `type.name`, how other blocks refer to it. */
  address: string;
  body: Record<string, unknown>;
  file: string;
  line: number;
  /** The line of an attribute or nested block of this resource (the resource's line when absent). */
  lineOf(attribute: string): number;
}

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const TOP_LEVEL =
  /^(resource|data|module|variable|output|locals|provider|terraform|moved|import|check|removed)\b/;

export async function parseTerraform(hcl: Hcl2Json, file: string, text: string): Promise<TfResource[]> {
  let json: Record<string, unknown>;
  try {
    json = await hcl.parse(file, text);
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error);
    // hcl2json reports "file:LINE,COL-COL: summary; detail".
    const match = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^;\]\n]+)(?:; ([^\]\n]+))?/.exec(message);
    const text = match ? [match[2], match[3]].filter(Boolean).join(': ').trim() : message.split('\n')[0]!;
    throw new HclSyntaxError(text, match ? Number(match[1]) : 1);
  }
  const lines = text.split(/\r?\n/);
  const resources: TfResource[] = [];
  const byType = (json.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const [type, named] of Object.entries(byType)) {
    for (const [name, bodies] of Object.entries(named ?? {})) {
      const body = (Array.isArray(bodies) ? bodies[0] : bodies) as Record<string, unknown>;
      const start = findBlock(lines, type, name);
      let end = lines.length;
      for (let i = start; i < lines.length; i++) {
        if (TOP_LEVEL.test(lines[i]!)) {
          end = i;
          break;
        }
      }
      resources.push({
        type,
        name,
        address: `${type}.${name}`,
        body: body ?? {},
        file,
        line: start,
        lineOf(attribute: string) {
          const pattern = new RegExp(`^\\s*"?${attribute}"?\\s*(=|\\{)`);
          for (let i = start; i < end; i++) if (pattern.test(lines[i]!)) return i + 1;
          return start;
        },
      });
    }
  }
  return resources;
}

function findBlock(lines: string[], type: string, name: string): number {
  const pattern = new RegExp(
    `^\\s*resource\\s+"${type}"\\s+"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`,
  );
  const index = lines.findIndex((line) => pattern.test(line));
  return index >= 0 ? index + 1 : 1;
}

/** `aws_x.y` addresses an HCL value refers to (`${aws_x.y.id}`, `aws_x.y[0].id`, `jsonencode(aws_x.y)`). */
export function tfReferences(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g))
    found.add(`${match[1]}.${match[2]}`);
  return [...found];
}

/** The address a single-reference expression points at: "${aws_x.y.id}" → aws_x.y. */
export function tfTarget(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]*\])?(\.[a-z_]+)?\}$/.exec(value);
  return match ? `${match[1]}.${match[2]}` : null;
}

/** A literal value, as opposed to an expression Terraform computes at plan time. */
export function isTfLiteral(value: unknown): boolean {
  return !(typeof value === 'string' && value.includes('${'));
}
