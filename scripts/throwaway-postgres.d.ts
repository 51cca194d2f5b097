export function postgresBinDir(): string | undefined;
export function startThrowawayPostgres(): Promise<
  { url: string; port: number; bin: string; stop(): void } | undefined
>;
