/** Access: roles, the policy that decides every access, accounts and pseudonyms. */
export * from './roles.ts';
export * from './policy.ts';
export * from './users.ts';
export * from './pseudonyms.ts';
export * from './sso.ts';
export * from './sessions-repo.ts';
