import { javaStringHashCode } from '../../../../core/util/java-hash.js';
import { javaHashOrder } from './java-hashmap-order.js';

/**
 * The order in which Java 4.9.8's `RemotingCommand.makeCustomHeaderToNet()` puts a header's
 * fields into `extFields`.
 *
 * It collects `getDeclaredFields()` of the class and each superclass (own fields first) into a
 * `HashSet<Field>` and iterates that set. `Field.hashCode()` is
 * `declaringClass.getName().hashCode() ^ name.hashCode()`, so the order is deterministic but
 * depends on the declaring class's fully qualified name: in UPDATE_CONSUMER_OFFSET the inherited
 * `bname` is put before `commitOffset`, in PULL_MESSAGE after it. The order only matters where
 * keys then share a bucket of the ext HashMap.
 */

interface DeclaredField {
  readonly key: string;
  readonly declaredIn?: string;
}

/**
 * Returns `fields` (plus `unmapped` ones, which take part in the set's sizing but are dropped from
 * the result) in Java's HashSet<Field> iteration order. `key` is the Java field name.
 */
export function javaFieldInsertionOrder<F extends DeclaredField>(
  javaClass: string,
  fields: readonly F[],
  unmapped: readonly { name: string; declaredIn: string }[] = [],
): F[] {
  const own = fields.filter((f) => f.declaredIn === undefined || f.declaredIn === javaClass);
  const inherited = fields.filter((f) => f.declaredIn !== undefined && f.declaredIn !== javaClass);
  const entries = [
    ...own.map((f) => ({ field: f as F | undefined, name: f.key, cls: javaClass })),
    ...inherited.map((f) => ({ field: f as F | undefined, name: f.key, cls: f.declaredIn as string })),
    ...unmapped.map((u) => ({ field: undefined as F | undefined, name: u.name, cls: u.declaredIn })),
  ];
  const ordered = javaHashOrder(entries, (e) => javaStringHashCode(e.cls) ^ javaStringHashCode(e.name));
  return ordered.flatMap((e) => (e.field === undefined ? [] : [e.field]));
}
