import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: embedded database in ./data with the demo', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('data'),
      demo: true,
      logLevel: 'info',
      baseUrl: 'http://localhost:3000',
      trustProxy: false,
      requestTimeoutMs: 600_000,
      portalRetentionDays: 365,
      evidenceDir: path.resolve('data', 'evidence'),
      auditKeyFile: path.resolve('data', 'audit-signing.key'),
      oidc: undefined,
    });
  });

  it('configures single sign-on only when all of it is given, and says what is missing', () => {
    const sso = {
      PROBITY_OIDC_ISSUER: 'https://sso.example.test/',
      PROBITY_OIDC_CLIENT_ID: 'probity',
      PROBITY_OIDC_CLIENT_SECRET: 's3cret',
      PROBITY_OIDC_ROLE_MAP: 'CCU=ccu_analyst',
    };
    expect(loadConfig(sso).oidc).toEqual({
      issuer: 'https://sso.example.test/',
      clientId: 'probity',
      clientSecret: 's3cret',
      roleMap: 'CCU=ccu_analyst',
      rolesClaim: 'roles',
      unitsClaim: 'probity_units',
      label: 'single sign-on',
    });
    expect(() => loadConfig({ PROBITY_OIDC_ISSUER: sso.PROBITY_OIDC_ISSUER })).toThrow(
      /single sign-on needs PROBITY_OIDC_CLIENT_ID, PROBITY_OIDC_CLIENT_SECRET, PROBITY_OIDC_ROLE_MAP as well/,
    );
    expect(loadConfig({ PROBITY_BASE_URL: 'https://probity.example.test/' }).baseUrl).toBe(
      'https://probity.example.test',
    );
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      PROBITY_DATA_DIR: '/var/probity',
      LOG_LEVEL: 'warn',
      PROBITY_DEMO: '0',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/probity',
      logLevel: 'warn',
      demo: false,
    });
  });

  it('never loads the demo onto a PostgreSQL server', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' })).toMatchObject({
      databaseUrl: 'postgres://u@localhost/db',
      demo: false,
    });
  });

  it('trusts a number of proxy hops or a list of proxies, never every hop', () => {
    const trust = (v: string) => loadConfig({ PROBITY_TRUST_PROXY: v }).trustProxy;
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1); // one hop: the reverse proxy in front of probity, not whatever it forwards
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 10.1.0.0/16,::1,loopback')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of ['yes', 'true', '10.0.0.300', '10.0.0.0/33', '10.0.0.1,', '-1', '100']) {
      expect(() => trust(bad), bad).toThrow(/PROBITY_TRUST_PROXY: expected 0, a number of proxy hops/);
    }
    expect(loadConfig({ PROBITY_REQUEST_TIMEOUT_SECONDS: '30' }).requestTimeoutMs).toBe(30_000);
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT: .*; DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
