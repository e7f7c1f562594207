import { ScimError } from './scim-error';
import { patchOperationsOf, userPatchOf } from './scim-user-patch';
import { PATCH_SCHEMA } from './scim-schemas';

const patch = (...Operations: unknown[]) => userPatchOf(patchOperationsOf({ schemas: [PATCH_SCHEMA], Operations }));

describe('userPatchOf (RFC 7644 §3.5.2)', () => {
  it('applies replace with a path, without a path, and Azure-style op names and booleans', () => {
    expect(patch({ op: 'Replace', path: 'active', value: 'False' })).toEqual({ active: false });
    expect(patch({ op: 'replace', value: { 'name.givenName': 'Barbara', active: true } })).toEqual({
      givenName: 'Barbara',
      active: true,
    });
    expect(patch({ op: 'add', path: 'emails[type eq "work"].value', value: 'b@example.com' })).toEqual({
      email: 'b@example.com',
    });
  });

  it('removes optional attributes and refuses to remove required ones', () => {
    expect(patch({ op: 'remove', path: 'name.familyName' })).toEqual({ familyName: null });
    expect(() => patch({ op: 'remove', path: 'userName' })).toThrow(ScimError);
  });

  it('refuses unknown paths, ops and bodies without the PatchOp schema', () => {
    expect(() => patch({ op: 'replace', path: 'nickName', value: 'x' })).toThrow(/not supported/);
    expect(() => patch({ op: 'move', path: 'active', value: true })).toThrow(/op must be/);
    expect(() => userPatchOf(patchOperationsOf({ Operations: [] }))).toThrow(/PatchOp|schema/);
  });
});
