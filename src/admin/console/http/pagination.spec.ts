import { noticeOf, withNotice } from './notices';
import { offsetOf, paginationOf } from './pagination';

describe('paginationOf', () => {
  const page = (offset: number, count: number, total: number) => ({
    items: Array.from({ length: count }),
    offset,
    limit: 20,
    total,
  });

  it('links the pages around this one, keeping the filters', () => {
    expect(paginationOf(page(20, 20, 45), '/admin/console/users', { search: 'al', type: undefined })).toEqual({
      summary: '21–40 of 45',
      previousHref: '/admin/console/users?search=al',
      nextHref: '/admin/console/users?search=al&offset=40',
    });
    expect(paginationOf(page(0, 0, 0), '/x', {})).toEqual({ summary: 'Nothing found' });
  });

  it('reads the offset, any junk as the first page', () => {
    expect(offsetOf({ offset: '40' })).toBe(40);
    expect(offsetOf({ offset: '-1' })).toBe(0);
    expect(offsetOf({ offset: ['20', '40'] })).toBe(0);
    expect(offsetOf({})).toBe(0);
  });
});

describe('notices', () => {
  it('shows only the fixed texts', () => {
    expect(noticeOf({ notice: 'client-saved' })).toBe('The client was saved.');
    expect(noticeOf({ notice: 'toString' })).toBeUndefined();
    expect(noticeOf({ notice: '<script>' })).toBeUndefined();
    expect(withNotice('/a?x=1', 'user-saved')).toBe('/a?x=1&notice=user-saved');
  });
});
