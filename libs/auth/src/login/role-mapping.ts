import { ROLES, type Role, type RoleRules } from '@simvault/core';

/** A DN compared as directories compare it: case and the spaces around `,` and `=` do not count. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .toLowerCase()
    .replace(/\s*([,=])\s*/g, '$1');
}

/**
 * The highest role whose mapped group or claim value the person has, else the default role
 * (null: refused). `normalize` makes configured and presented values comparable (DNs).
 */
export function roleFor(values: string[], rules: RoleRules, normalize = (v: string) => v): Role | null {
  const held = new Set(values.map(normalize));
  const granted = rules.mappings.filter((m) => held.has(normalize(m.value))).map((m) => m.role);
  if (granted.length === 0) return rules.defaultRole;
  return ROLES.filter((r) => granted.includes(r)).pop()!;
}
