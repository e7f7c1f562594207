import { ScimError } from './scim-error';
import { patchOperationsOf } from './scim-patch-operations';
import { userPatchOf } from './scim-user-patch';
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

  it('sets only the name parts a name value names, and clears them all on remove', () => {
    expect(patch({ op: 'replace', path: 'name', value: { givenName: 'Barbara', middleName: 'J' } })).toEqual({
      givenName: 'Barbara',
    });
    expect(patch({ op: 'remove', path: 'name' })).toEqual({ givenName: null, familyName: null, displayName: null });
  });

  it('refuses a value of another type than the attribute’s, whatever the path (RFC 7643 §2.3)', () => {
    for (const operation of [
      { op: 'replace', path: 'name', value: 'Barbara' },
      { op: 'replace', path: 'emails[type eq "work"]', value: 'bad' },
      { op: 'replace', path: 'emails', value: [{ value: 'a@example.com' }, 'b@example.com'] },
      { op: 'add', value: { externalId: 'x'.repeat(256) } },
    ])
      expect(() => patch(operation)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
    expect(() => patch({ op: 'replace', path: 'displayName' })).toThrow(
      expect.objectContaining({ scimType: 'invalidSyntax' }),
    );
    expect(() => patch({ op: 'add', path: 'groups', value: [] })).toThrow(
      expect.objectContaining({ scimType: 'mutability' }),
    );
  });
});
