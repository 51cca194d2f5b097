/**
 * Receipt codes: 25 digits (83 bits) from a cryptographic random source, shown once in five groups of
 * five: digits, because they are the easiest to write down, read out and type on a phone's keypad. Only
 * an argon2id hash is kept, salted with this installation's secret salt: slow to guess, and still a
 * direct lookup. Codes of 20 digits, given before, are still read.
 */
import { randomBytes, randomInt } from 'node:crypto';
import argon2 from 'argon2';
import type { Queryable } from '../db/index.ts';
import { getSetting, setSetting } from '../settings/index.ts';

export const RECEIPT_DIGITS = 25;
const EARLIER_DIGITS = 20;

export function newReceipt(): string {
  let code = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** As shown to the reporter: five groups of five (an earlier code: five groups of four). */
export const formatReceipt = (code: string): string =>
  code.replace(code.length === EARLIER_DIGITS ? /(\d{4})(?=\d)/g : /(\d{5})(?=\d)/g, '$1 ');

/** The digits of what someone typed, or undefined when it cannot be a receipt. */
export function parseReceipt(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) && (digits.length === RECEIPT_DIGITS || digits.length === EARLIER_DIGITS)
    ? digits
    : undefined;
}

async function salt(db: Queryable): Promise<Buffer> {
  let hex = await getSetting(db, 'portal_receipt_salt');
  if (!hex) {
    hex = randomBytes(16).toString('hex');
    await setSetting(db, 'portal_receipt_salt', hex);
  }
  return Buffer.from(hex, 'hex');
}

export async function hashReceipt(db: Queryable, code: string): Promise<string> {
  const raw = await argon2.hash(code, {
    type: argon2.argon2id,
    salt: await salt(db),
    raw: true,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  return raw.toString('hex');
}
