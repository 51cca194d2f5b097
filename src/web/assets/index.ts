/**
 * Static assets under content-hashed names (`/assets/govuk-frontend.min-1a2b3c4d5e.css`), served from
 * memory with a year-long immutable cache. References between assets (the stylesheets' fonts and images,
 * app.js's import) are rewritten to the hashed names, so one changed byte anywhere gives a new URL.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';

const require = createRequire(import.meta.url);
const GOVUK = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
const MOJ = path.join(path.dirname(require.resolve('@ministryofjustice/frontend/package.json')), 'moj');
const OWN = path.join(import.meta.dirname, '..', 'static');
// The package exports no package.json: its main entry is in dist/, beside the ES module build.
const CYTOSCAPE = path.dirname(require.resolve('cytoscape'));

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/manifest+json',
};

interface Asset {
  body: Buffer;
  type: string;
}

export interface AssetManifest {
  /** The public URL of an asset by its logical name (`govuk-frontend.min.css`, `images/favicon.svg`). */
  url(name: string): string;
  get(hashedName: string): Asset | undefined;
}

function files(dir: string, prefix: string): [string, string][] {
  return fs.readdirSync(dir).map((f) => [`${prefix}${f}`, path.join(dir, f)]);
}

/** Builds the manifest: binary files first, then text files whose references are rewritten. */
export function buildManifest(): AssetManifest {
  const binary: [string, string][] = [
    ...files(path.join(GOVUK, 'assets', 'fonts'), 'fonts/'),
    ...files(path.join(GOVUK, 'assets', 'images'), 'images/'),
    ...files(path.join(MOJ, 'assets', 'images'), 'images/'),
  ];
  // In dependency order: a text asset may refer only to assets listed before it.
  const text: [string, string][] = [
    ['govuk-frontend.min.css', path.join(GOVUK, 'govuk-frontend.min.css')],
    ['moj-frontend.min.css', path.join(MOJ, 'moj-frontend.min.css')],
    ['govuk-frontend.min.js', path.join(GOVUK, 'govuk-frontend.min.js')],
    ['app.css', path.join(OWN, 'app.css')],
    ['app.js', path.join(OWN, 'app.js')],
    ['pow.js', path.join(OWN, 'pow.js')],
    // The link chart: Cytoscape.js as an ES module, and the page's script that imports it.
    ['cytoscape.esm.min.js', path.join(CYTOSCAPE, 'cytoscape.esm.min.mjs')],
    ['links-chart.js', path.join(OWN, 'links-chart.js')],
  ];
  const urls = new Map<string, string>();
  const byHashed = new Map<string, Asset>();
  const add = (name: string, body: Buffer): void => {
    const ext = path.extname(name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const hashed = `${name.slice(0, -ext.length)}-${hash}${ext}`;
    urls.set(name, `/assets/${hashed}`);
    byHashed.set(hashed, { body, type: TYPES[ext] ?? 'application/octet-stream' });
  };
  for (const [name, file] of binary) add(name, fs.readFileSync(file));
  for (const [name, file] of text) {
    let body = fs.readFileSync(file, 'utf8');
    // Drop source map comments: the maps are not served.
    body = body.replace(/\/[*/]# sourceMappingURL=\S+( \*\/)?/g, '');
    body = body.replace(/\/assets\/([\w./-]+)/g, (ref, name: string) => urls.get(name) ?? ref);
    add(name, Buffer.from(body));
  }
  return {
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`no asset is called ${name}`);
      return url;
    },
    get: (hashed) => byHashed.get(hashed),
  };
}

export const assetRoutes: FastifyPluginAsync<{ manifest: AssetManifest }> = async (app, { manifest }) => {
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { access: 'public' } }, async (req, reply) => {
    const asset = manifest.get(req.params['*']);
    if (!asset) return reply.callNotFound();
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });
};
