/**
 * Lists: a page of a list the capability has already scoped for the viewer, the links to the pages
 * either side that keep the list's filters, and the whole list as CSV for a spreadsheet.
 */
import type { FastifyReply } from 'fastify';
import { toCsv } from '../csv.ts';
import { HttpError } from './errors.ts';

export const LIST_PAGE_SIZE = 50;

/** `?page=`: written in digits (not `1e21`, `0x10` or ` 2`), from 1 to a million; absent is page 1. */
export function pageParam(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw))
    throw new HttpError(400, 'page must be a whole number from 1');
  return Number(raw);
}

/** A list's URL with its filters (empty ones left out) and, past the first, its page. */
export function listHref(path: string, filters: Record<string, string | undefined>, page = 1): string {
  const params = new URLSearchParams(
    Object.entries({ ...filters, page: page > 1 ? String(page) : undefined }).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  ).toString();
  return params ? `${path}?${params}` : path;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  prevHref?: string | undefined;
  nextHref?: string | undefined;
  /** The same list, every page of it, as CSV. */
  csvHref: string;
}

/** One page of a list held in full (a page past the end is an empty page, not an error). */
export function pageOf<T>(
  all: readonly T[],
  page: number,
  path: string,
  filters: Record<string, string | undefined>,
  size = LIST_PAGE_SIZE,
): ListPage<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  return {
    items: all.slice((page - 1) * size, page * size),
    total: all.length,
    page,
    pages,
    prevHref: page > 1 ? listHref(path, filters, Math.min(page - 1, pages)) : undefined,
    nextHref: page < pages ? listHref(path, filters, page + 1) : undefined,
    csvHref: listHref(`${path}.csv`, filters),
  };
}

/** Sends rows as a CSV download (written by src/csv.ts, which defuses spreadsheet formulas). */
export function sendCsv(
  reply: FastifyReply,
  filename: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(toCsv(rows, { header: true, columns: [...columns] }));
}
