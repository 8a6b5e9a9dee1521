/** Topic permission bits (Java `PermName`). */
export const PERM_READ = 4;
export const PERM_WRITE = 2;
export const PERM_INHERIT = 1;

export const isReadable = (perm: number): boolean => (perm & PERM_READ) !== 0;
export const isWriteable = (perm: number): boolean => (perm & PERM_WRITE) !== 0;
export const isInherited = (perm: number): boolean => (perm & PERM_INHERIT) !== 0;

/** Java `PermName.perm2String`: `RWX` with `-` for missing bits. */
export function permToString(perm: number): string {
  return (isReadable(perm) ? 'R' : '-') + (isWriteable(perm) ? 'W' : '-') + (isInherited(perm) ? 'X' : '-');
}
