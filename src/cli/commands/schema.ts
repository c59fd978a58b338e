import { InputError } from '../../model/errors.js';
import { snapshotSchema } from '../../sources/load.js';
import { EXIT } from '../exit-codes.js';
import { write } from '../io.js';

export async function runSchema(name: string): Promise<number> {
  if (name !== 'snapshot')
    throw new InputError(`unknown schema ${JSON.stringify(name)} (available: snapshot)`);
  write(JSON.stringify(await snapshotSchema(), null, 2));
  return EXIT.ok;
}
