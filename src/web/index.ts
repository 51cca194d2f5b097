/** The HTTP application (see app.ts): what the `serve` command and tests build. */
export { buildApp, createApp, type AppDeps, type AppOptions } from './app.ts';
export { createServices, type Services } from './services.ts';
