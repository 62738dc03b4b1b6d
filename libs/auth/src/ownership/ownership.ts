import { forbidden, hasPrivileges, type Privilege } from '@simvault/core';
import type { Principal } from '../principal';

/** What ownership rules need of a caller (a job keeps it to act later on its caller's behalf). */
export type Actor = Pick<Principal, 'sessionId' | 'kind' | 'userId' | 'username' | 'privileges'>;

/** The caller as a job's data keeps it. */
export function actorOf(caller: Actor): Actor {
  const { sessionId, kind, userId, username, privileges } = caller;
  return { sessionId, kind, userId, username, privileges };
}

/**
 * Whose is what a session makes: its user's id; each anonymous session is its own owner
 * (`anonymous:<session id>`), so it owns nothing of a user's and no other anonymous session's.
 * Owned things store this id, never a username: a new account that reuses a deleted account's
 * name inherits nothing.
 */
export function ownerIdOf(caller: Actor): string {
  return caller.userId ?? `anonymous:${caller.sessionId}`;
}

/** True for an owner id that names a user (not an anonymous session, not nobody). */
export function isUserOwner(ownerId: string | null): boolean {
  return ownerId !== null && !ownerId.startsWith('anonymous:');
}

/**
 * Whether the caller may change or remove something of `ownerId`'s: its own (same owner id) always;
 * someone else's, or something without an owner, with `privilege` (admin satisfies it). An anonymous
 * session never changes a user's, whatever it was granted.
 */
export function mayChange(caller: Actor, ownerId: string | null, privilege: Privilege): boolean {
  if (ownerId !== null && ownerId === ownerIdOf(caller)) return true;
  if (caller.kind === 'anonymous' && isUserOwner(ownerId)) return false;
  return hasPrivileges(caller.privileges, [privilege]);
}

/** Whether the caller may see something only its owner sees (a job): its own, or with admin. */
export function maySee(caller: Actor, ownerId: string | null): boolean {
  return (ownerId !== null && ownerId === ownerIdOf(caller)) || caller.privileges.includes('admin');
}

/**
 * Refuses (403, naming the privilege) unless the caller may change something of `ownerId`'s;
 * answers whether the act is on someone else's (and so goes into the audit log).
 */
export function checkMayChange(
  caller: Actor,
  ownerId: string | null,
  privilege: Privilege,
  what: string,
): { othersWork: boolean } {
  if (!mayChange(caller, ownerId, privilege)) {
    throw forbidden(
      caller.kind === 'anonymous' && isUserOwner(ownerId)
        ? `${what} belongs to a user; an anonymous session may not change it.`
        : `${what} belongs to someone else; changing it needs the ${privilege} privilege, which this session does not have.`,
    );
  }
  return { othersWork: ownerId !== ownerIdOf(caller) };
}
