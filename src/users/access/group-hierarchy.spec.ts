import { assertMayNest, type GroupLink } from './group-hierarchy';

const links: GroupLink[] = [
  { id: 'org', parentId: null },
  { id: 'eng', parentId: 'org' },
  { id: 'backend', parentId: 'eng' },
  { id: 'sales', parentId: null },
  { id: 'emea', parentId: 'sales' },
];

describe('assertMayNest', () => {
  it('allows a subgroup within three levels', () => {
    expect(() => assertMayNest(links, 'sales', 'org')).not.toThrow();
    expect(() => assertMayNest([...links, { id: 'x', parentId: null }], 'x', 'eng')).not.toThrow();
  });

  it('refuses a fourth level', () => {
    expect(() => assertMayNest([...links, { id: 'x', parentId: null }], 'x', 'backend')).toThrow(/at most 3 levels/);
  });

  it('refuses a group under itself or under its own subgroup', () => {
    expect(() => assertMayNest(links, 'eng', 'eng')).toThrow(/inside itself/);
    expect(() => assertMayNest(links, 'org', 'backend')).toThrow(/inside itself/);
  });

  it('counts the levels below the group being moved', () => {
    expect(() => assertMayNest(links, 'sales', 'eng')).toThrow(/at most 3 levels/);
  });
});
