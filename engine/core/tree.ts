// The shape of the code tree: a jurisdiction's descendants are the codes that start
// with its code, except the nation (100000), whose descendants are every code.
import type { Level } from '../../definitions/language/schema.js';

export const NATION_CODE = '100000';
export const NATION_NAME = '中华人民共和国';

/** Code length of each level: GB/T 2260 for province to county, statistical codes below. */
export const CODE_LENGTH: Record<Exclude<Level, 'nation'>, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

/** A LIKE pattern matching a code and all its descendants. */
export function subtreePattern(code: string): string {
  return code === NATION_CODE ? '%' : `${code}%`;
}

/** Is `code` the jurisdiction `scope` or one below it? */
export function isWithin(code: string, scope: string): boolean {
  return scope === NATION_CODE || code.startsWith(scope);
}

/** The expression (as parameters) that yields a code's ancestor at `level`: its prefix of that length. */
export function ancestorCodeLength(level: Level): number | null {
  return level === 'nation' ? null : CODE_LENGTH[level];
}
