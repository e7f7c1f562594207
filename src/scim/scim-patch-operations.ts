import { ScimError } from './scim-error';
import { PATCH_SCHEMA } from './scim-schemas';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  /** Present for add and replace; for remove, the values to take out of a multi-valued attribute, if any. */
  value?: unknown;
}

export const invalidPath = (path: string) => new ScimError(400, `the path ${path} is not supported`, 'invalidPath');

/** RFC 7644 §3.5.2: the operations of a PatchOp body; op names case-insensitively (as some clients send them). */
export function patchOperationsOf(body: Record<string, unknown>): PatchOperation[] {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA))
    throw new ScimError(400, `a PATCH body names the schema ${PATCH_SCHEMA}`, 'invalidSyntax');
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw new ScimError(400, 'Operations must be a non-empty array', 'invalidSyntax');
  return body.Operations.map((raw: unknown) => {
    const o = raw as Record<string, unknown>;
    const op = typeof o?.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimError(400, 'op must be add, replace or remove', 'invalidSyntax');
    if (o.path !== undefined && typeof o.path !== 'string') throw invalidPath(String(o.path));
    if (op === 'remove' && o.path === undefined) throw new ScimError(400, 'remove needs a path', 'noTarget');
    // §3.5.2.1, §3.5.2.3: add and replace MUST carry a value; taken as null, one would clear the attribute.
    if (op !== 'remove' && o.value === undefined) throw new ScimError(400, `${op} needs a value`, 'invalidSyntax');
    return { op, path: o.path as string | undefined, value: o.value };
  });
}
