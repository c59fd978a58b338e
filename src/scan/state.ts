import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../model/errors.js';
import type { TargetResult } from './target.js';
import type { AccountFailure } from './accounts.js';

/**
 * `--state FILE`: what a scan has finished, target by target (account × region), so a re-run skips it
 * and yields the same report. Written atomically (temporary file + rename), at most once a second and
 * when the scan ends or is interrupted.
 */
interface StateFile {
  apigwDoctorScanState: 1;
  /** The scan's scope (account sources, regions, shard): a state file serves only the same scan. */
  scope: string;
  targets: Record<string, TargetResult>;
  accounts: Record<string, AccountFailure>;
}

export class ScanState {
  #data: StateFile;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    data: StateFile,
  ) {
    this.#data = data;
  }

  static async open(path: string, scope: string): Promise<ScanState> {
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
    }
    if (text === undefined)
      return new ScanState(path, { apigwDoctorScanState: 1, scope, targets: {}, accounts: {} });
    let data: StateFile;
    try {
      data = JSON.parse(text) as StateFile;
    } catch {
      throw new InputError(`${path} is not a scan state file (not JSON)`);
    }
    if (data.apigwDoctorScanState !== 1 || typeof data.targets !== 'object')
      throw new InputError(`${path} is not a scan state file of this version`);
    if (data.scope !== scope)
      throw new InputError(
        `${path} records another scan (accounts, regions or shard differ): use another --state file or delete it`,
      );
    data.accounts ??= {};
    return new ScanState(path, data);
  }

  get size(): number {
    return Object.keys(this.#data.targets).length;
  }

  target(key: string): TargetResult | undefined {
    return this.#data.targets[key];
  }

  accountFailure(key: string): AccountFailure | undefined {
    return this.#data.accounts[key];
  }

  recordTarget(key: string, result: TargetResult): void {
    this.#data.targets[key] = result;
    this.#schedule();
  }

  recordAccountFailure(key: string, failure: AccountFailure): void {
    this.#data.accounts[key] = failure;
    this.#schedule();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#write();
    }, 1000);
  }

  #write(): Promise<void> {
    const text = `${JSON.stringify(this.#data)}\n`;
    this.#writing = this.#writing.then(async () => {
      const temporary = `${this.path}.tmp-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      try {
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, this.path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw new InputError(`cannot write ${this.path}: ${(error as Error).message}`, { cause: error });
      }
    });
    return this.#writing;
  }

  /** Writes what is pending now (end of scan, Ctrl-C). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#write();
  }
}
