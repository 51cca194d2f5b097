/**
 * Detection reads only the calls, visits, letters and money that can link a prisoner to a member of
 * staff: on both databases, comms_link finds what it finds when every one of them is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { importedOnce } from '../../test/dataset-helpers.ts';
import type { Database } from '../db/index.ts';
import { DEFAULTS, simulate } from '../simulate/index.ts';
import { loadDetectionConfig } from './config.ts';
import type { Context } from './context.ts';
import { loadEstablishment, type CommsEvent, type EstablishmentData } from './data.ts';
import { commsLinkIndicator } from './indicators/comms-link.ts';

const config = loadDetectionConfig();
const dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'probity-comms-read-'));
simulate({ ...DEFAULTS, out: dataset, seed: 11, establishments: 1, prisoners: 150, days: 14 });
const from = new Date('2024-03-01T00:00:00Z');
const to = new Date('2024-03-15T00:00:00Z');

/** Every call, visit, letter and payment of the window, as the loader would give them unfiltered. */
async function everyComms(db: Database, data: EstablishmentData): Promise<CommsEvent[]> {
  const window = [data.prisoners.ids, from, to];
  const minute = (at: string) => `floor(extract(epoch FROM ${at}) / 60)::int`;
  const listed = new Map(
    data.comms
      .filter((e) => e.channel === 'contact_list' && e.phone)
      .map((e) => [`${e.prisoner}|${e.phone}`, e]),
  );
  const of = (pn: string) => data.prisoners.of.get(pn)!;
  const calls = await db.query<{ pn: string; at: number; phone: string }>(
    `SELECT prison_number AS pn, ${minute('start_at')} AS at, number AS phone FROM calls
      WHERE prison_number = ANY($1) AND start_at >= $2 AND start_at < $3`,
    window,
  );
  const out: CommsEvent[] = data.comms.filter((e) => e.channel === 'contact_list');
  for (const r of calls.rows) {
    const entry = listed.get(`${of(r.pn)}|${r.phone}`);
    out.push({
      prisoner: of(r.pn),
      channel: 'call',
      at: r.at,
      phone: r.phone,
      address: entry?.address ?? null,
      name: entry?.name ?? null,
    });
  }
  for (const [channel, sql] of [
    [
      'visit',
      `SELECT prison_number AS pn, ${minute('start_at')} AS at, visitor_phone AS phone, visitor_address_norm AS address, visitor_name_norm AS name FROM visits WHERE prison_number = ANY($1) AND start_at >= $2 AND start_at < $3`,
    ],
    [
      'letter',
      `SELECT prison_number AS pn, ${minute('at')} AS at, NULL AS phone, correspondent_address_norm AS address, correspondent_name_norm AS name FROM correspondence WHERE prison_number = ANY($1) AND at >= $2 AND at < $3`,
    ],
    [
      'money',
      `SELECT prison_number AS pn, ${minute('at')} AS at, NULL AS phone, sender_address_norm AS address, sender_name_norm AS name FROM money WHERE prison_number = ANY($1) AND at >= $2 AND at < $3`,
    ],
  ] as const) {
    const rows = await db.query<{
      pn: string;
      at: number;
      phone: string | null;
      address: string | null;
      name: string | null;
    }>(sql, window);
    for (const r of rows.rows)
      out.push({ prisoner: of(r.pn), channel, at: r.at, phone: r.phone, address: r.address, name: r.name });
  }
  return out;
}

const links = (data: EstablishmentData) =>
  commsLinkIndicator
    .compute({ data, config } as unknown as Context)
    .map((c) => `${c.code} ${c.staff} ${c.subject} ${c.points.toFixed(9)} ${c.value}`)
    .sort();

describe.each(backends)('reading only the comms that touch staff on $name', (backend) => {
  const fixture = importedOnce(backend, dataset);

  it('links the same people as reading every call, visit, letter and payment', async () => {
    const { db } = fixture;
    const data = await loadEstablishment(db, 'XAA', from, to, config);
    const every = await everyComms(db, data);
    expect(every.length).toBeGreaterThan(2 * data.comms.length);
    const found = links(data);
    expect(found.some((l) => l.startsWith('comms_link '))).toBe(true);
    expect(found.some((l) => l.startsWith('name_link '))).toBe(true);
    expect(found).toEqual(links({ ...data, comms: every }));
  }, 120_000);
});
