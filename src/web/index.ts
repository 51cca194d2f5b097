/** The HTTP application (see app.ts): what the `serve` command and tests build. */
export { buildApp, type AppDeps } from './app.ts';
