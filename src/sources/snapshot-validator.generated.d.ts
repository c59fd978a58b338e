// Types of the validator scripts/build-validator.mjs generates (ajv standalone code).
export interface ValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
declare function validate(data: unknown): boolean;
declare namespace validate {
  let errors: ValidationError[] | null | undefined;
}
export default validate;
