import type { Privilege, Role } from '@simvault/core';
import type { SessionKind } from '@simvault/entities';

/** Who is calling: resolved from a session token by SessionVerifier, attached to the request. */
export interface Principal {
  sessionId: string;
  kind: SessionKind;
  userId: string | null;
  username: string;
  role: Role | null;
  privileges: Privilege[];
  expiresAt: Date;
  /** An API token's name. */
  name: string | null;
}
