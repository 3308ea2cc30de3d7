import type { Role } from './roles';

/**
 * Who is calling. A user signs in with a password; an API key belongs to an organisation and
 * acts for it as an integration (with organisation-admin rights, except minting more keys).
 */
export type Principal =
  | { kind: 'user'; orgId: string; userId: string; role: Role; email: string }
  | { kind: 'apiKey'; orgId: string; apiKeyId: string; role: 'ORG_ADMIN' };

export function principalId(p: Principal): string {
  return p.kind === 'user' ? `user:${p.userId}` : `key:${p.apiKeyId}`;
}
