/** The dataset format as data: record types and their columns, value types, normalisation. */
export * from './record-types.ts';
export * from './values.ts';
export * from './normalise.ts';
