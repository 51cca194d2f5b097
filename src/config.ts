import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** An address, a CIDR range, or a name proxy-addr knows (`loopback`, `linklocal`, `uniquelocal`). */
function isProxyAddress(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address, prefix, ...rest] = value.split('/');
  const family = net.isIP(address ?? '');
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `PROBITY_TRUST_PROXY`: nothing (0), a number of hops, or the proxies' addresses. */
function trustProxyOf(value: string | undefined): false | number | string[] {
  if (value === undefined || /^0+$/.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((p) => p.trim());
}

/** Everything probity reads from the environment, validated once at start. Documented in README.md. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PROBITY_DATA_DIR: z.string().min(1).default('./data'),
  PROBITY_DEMO: z.enum(['0', '1']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PROBITY_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  PROBITY_TRUST_PROXY: z
    .string()
    .refine(
      (v) => /^\d{1,2}$/.test(v) || v.split(',').every((p) => isProxyAddress(p.trim())),
      'expected 0, a number of proxy hops (1 to 99), or proxy addresses and CIDR ranges, comma-separated',
    )
    .optional(),
  PROBITY_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  PROBITY_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  PROBITY_OIDC_CLIENT_ID: z.string().min(1).optional(),
  PROBITY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  PROBITY_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  PROBITY_OIDC_ROLE_MAP: z.string().min(1).optional(),
  PROBITY_OIDC_UNITS_CLAIM: z.string().min(1).default('probity_units'),
  PROBITY_OIDC_LABEL: z.string().min(1).default('single sign-on'),
  PROBITY_PORTAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  PROBITY_EVIDENCE_DIR: z.string().min(1).optional(),
  PROBITY_AUDIT_KEY_FILE: z.string().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Set: a PostgreSQL server. Unset: embedded PGlite in `dataDir/pglite`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Whether to load the synthetic demo estate into an empty embedded database. */
  demo: boolean;
  logLevel: string;
  /** The address users reach probity at. When it is https, cookies are always Secure. */
  baseUrl: string;
  /**
   * Whose X-Forwarded-For/-Proto to believe: nobody (false), that many proxy hops in front of probity
   * (1: the one reverse proxy), or proxies at these addresses and CIDR ranges.
   */
  trustProxy: false | number | string[];
  /** How long a whole request, body included, may take to arrive. */
  requestTimeoutMs: number;
  /** Days an anonymous portal report is kept before it is deleted (with a record that it existed). */
  portalRetentionDays: number;
  /** Where evidence files are stored (a folder; default DATA_DIR/evidence). */
  evidenceDir: string;
  /** The Ed25519 key that signs audit checkpoints (default DATA_DIR/audit-signing.key): kept outside the database. */
  auditKeyFile: string;
  oidc:
    | {
        issuer: string;
        clientId: string;
        clientSecret: string;
        rolesClaim: string;
        roleMap: string;
        unitsClaim: string;
        label: string;
      }
    | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const oidcKeys = [
    'PROBITY_OIDC_ISSUER',
    'PROBITY_OIDC_CLIENT_ID',
    'PROBITY_OIDC_CLIENT_SECRET',
    'PROBITY_OIDC_ROLE_MAP',
  ] as const;
  const oidcSet = oidcKeys.filter((k) => e[k] !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < oidcKeys.length) {
    const missing = oidcKeys.filter((k) => e[k] === undefined);
    throw new ConfigError(`Invalid configuration: single sign-on needs ${missing.join(', ')} as well`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.PROBITY_DATA_DIR),
    demo: e.DATABASE_URL === undefined && e.PROBITY_DEMO !== '0',
    logLevel: e.LOG_LEVEL,
    baseUrl: (e.PROBITY_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    trustProxy: trustProxyOf(e.PROBITY_TRUST_PROXY),
    requestTimeoutMs: e.PROBITY_REQUEST_TIMEOUT_SECONDS * 1000,
    portalRetentionDays: e.PROBITY_PORTAL_RETENTION_DAYS,
    evidenceDir: path.resolve(e.PROBITY_EVIDENCE_DIR ?? path.join(e.PROBITY_DATA_DIR, 'evidence')),
    auditKeyFile: path.resolve(
      e.PROBITY_AUDIT_KEY_FILE ?? path.join(e.PROBITY_DATA_DIR, 'audit-signing.key'),
    ),
    oidc:
      oidcSet.length === oidcKeys.length
        ? {
            issuer: e.PROBITY_OIDC_ISSUER!,
            clientId: e.PROBITY_OIDC_CLIENT_ID!,
            clientSecret: e.PROBITY_OIDC_CLIENT_SECRET!,
            rolesClaim: e.PROBITY_OIDC_ROLES_CLAIM,
            roleMap: e.PROBITY_OIDC_ROLE_MAP!,
            unitsClaim: e.PROBITY_OIDC_UNITS_CLAIM,
            label: e.PROBITY_OIDC_LABEL,
          }
        : undefined,
  };
}
