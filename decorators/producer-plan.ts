import type { ProducerDefinition } from './definitions.js';
import { DecoratorError } from './errors.js';
import type { ProducerDecoratorOptions } from './options.js';

/** One producer group of the app: the classes that share it and the options of its one core producer. */
export interface ProducerPlan {
  readonly group: string;
  /** Options of the core producer (without `topic`, which stays per class). */
  readonly options: Omit<ProducerDecoratorOptions, 'topic'> & { readonly group: string };
  readonly members: readonly ProducerDefinition[];
  /** The member whose `@CheckTransaction` answers the group's check-backs, if any. */
  readonly checker: ProducerDefinition | undefined;
}

/** A producer class's group: its `group` option, else its class name made a valid group name. */
export function producerGroupOf(def: ProducerDefinition): string {
  return def.options.group ?? def.className.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/**
 * Groups `@Producer` classes by producer group: classes of one group share one core producer (a client may register
 * a group once), so their options must agree (`group-options-mismatch`, naming both) and at most one may answer
 * transaction checks (`duplicate-handler`).
 */
export function planProducers(defs: readonly ProducerDefinition[]): ProducerPlan[] {
  const byGroup = new Map<string, ProducerDefinition[]>();
  for (const d of defs) byGroup.set(producerGroupOf(d), [...(byGroup.get(producerGroupOf(d)) ?? []), d]);
  return [...byGroup.entries()].map(([group, members]) => {
    const first = members[0]!;
    for (const other of members.slice(1)) checkSame(group, first, other);
    const checkers = members.filter((m) => m.transaction.checkTransaction !== undefined);
    if (checkers.length > 1) {
      throw new DecoratorError('duplicate-handler', `producer group '${group}': ${checkers[0]!.className} and ${checkers[1]!.className} both have @CheckTransaction; one class answers a group's checks`, {
        group,
        members: checkers.map((c) => c.className),
      });
    }
    const { topic: _topic, ...options } = first.options;
    return Object.freeze({ group, options: Object.freeze({ ...options, group }), members, checker: checkers[0] });
  });
}

function checkSame(group: string, a: ProducerDefinition, b: ProducerDefinition): void {
  const keys = new Set([...Object.keys(a.options), ...Object.keys(b.options)].filter((k) => k !== 'topic' && k !== 'group'));
  const differences = [...keys].filter((k) => !same((a.options as Record<string, unknown>)[k], (b.options as Record<string, unknown>)[k]));
  if (differences.length === 0) return;
  throw new DecoratorError(
    'group-options-mismatch',
    `producer group '${group}' is shared by ${a.className} and ${b.className}, which disagree on ${differences.join(', ')}; give them the same options or different groups`,
    { group, members: [a.className, b.className], differences },
  );
}

function same(x: unknown, y: unknown): boolean {
  const name = (v: unknown) => (typeof v === 'object' && v !== null ? (v as { name?: unknown }).name : v);
  return name(x) === name(y);
}
