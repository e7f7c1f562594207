import type { Page } from '../../http/page.dto';

export interface PaginationView {
  summary: string;
  previousHref?: string;
  nextHref?: string;
}

/** Previous and next links for a page of a list, keeping the other query parameters. */
export function paginationOf(
  page: Page<unknown>,
  baseUrl: string,
  query: Record<string, string | undefined>,
): PaginationView {
  const href = (offset: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    if (offset > 0) params.set('offset', String(offset));
    const search = params.toString();
    return search ? `${baseUrl}?${search}` : baseUrl;
  };
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = Math.min(page.offset + page.items.length, page.total);
  return {
    summary: page.total === 0 ? 'Nothing found' : `${first}–${last} of ${page.total}`,
    previousHref: page.offset > 0 ? href(Math.max(0, page.offset - page.limit)) : undefined,
    nextHref: page.offset + page.limit < page.total ? href(page.offset + page.limit) : undefined,
  };
}

/** The list offset a query asks for; anything but a whole number is the first page. */
export function offsetOf(query: Record<string, unknown>): number {
  const value = query?.offset;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : 0;
}
