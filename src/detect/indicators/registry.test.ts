import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE, loadDetectionConfig } from '../config.ts';
import { INDICATORS } from './index.ts';

describe('the registry of indicators', () => {
  it('gives every finding code to one indicator only, and every indicator its own section', () => {
    const codes = INDICATORS.flatMap((i) => i.codes);
    expect(new Set(codes).size).toBe(codes.length);
    const keys = INDICATORS.map((i) => i.configKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the shipped configuration has a section for every indicator, each as its schema reads it', () => {
    const shipped = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    const config = loadDetectionConfig() as Record<string, unknown>;
    for (const i of INDICATORS) {
      expect(shipped[i.configKey], i.configKey).toBeDefined();
      expect(config[i.configKey]).toEqual(i.settings.parse(shipped[i.configKey]));
    }
  });

  it('refuses a configuration whose indicator section is wrong, naming it', () => {
    const shipped = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probity-config-')), 'detection.json');
    fs.writeFileSync(file, JSON.stringify({ ...shipped, contact_finds: { weight: -1 } }));
    expect(() => loadDetectionConfig(file)).toThrow(/contact_finds\.weight: .*contact_finds\.min_days/);
  });

  it('refuses a band of hours after a shift that ends before it starts', () => {
    const shipped = JSON.parse(fs.readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probity-config-')), 'detection.json');
    const contraband = { ...(shipped.contraband as object), after_shift_hours: [8, [32, 8]] };
    fs.writeFileSync(file, JSON.stringify({ ...shipped, contraband }));
    expect(() => loadDetectionConfig(file)).toThrow(
      /contraband\.after_shift_hours: a band \[from, to\] must end after it starts/,
    );
  });
});
