import { CONSUMER_DEFAULTS } from '../core/defaults.js';
import { type HandlerDefinition, handlerName } from './definitions.js';
import { DecoratorError } from './errors.js';
import { HANDLER_OPTION_KEYS, type HandlerForm } from './options.js';

/** The handlers of one topic within a group, and the subscription expression that covers them all. */
export interface TopicPlan {
  readonly topic: string;
  /** `*` if any handler takes every tag, else the union of the handlers' tags (`a || b || c`). */
  readonly expression: string;
  readonly byTag: ReadonlyMap<string, HandlerDefinition>;
  /** The handler taking every tag not claimed by name, if any. */
  readonly fallback: HandlerDefinition | undefined;
}

/** One consumer group: the classes/methods that share it, merged into one group consumer. */
export interface GroupPlan {
  readonly group: string;
  /** The group-wide options (identical across members, checked). */
  readonly options: HandlerDefinition['groupOptions'];
  readonly members: readonly HandlerDefinition[];
  readonly topics: ReadonlyMap<string, TopicPlan>;
  /** How the group consumer takes messages: `stream` if a member is a stream handler, `batch` if one is a batch handler. */
  readonly form: HandlerForm;
}

/**
 * Merges handlers that share a consumer group into one plan per group (the Java client would refuse the second
 * registration with "group has been created before" or split messages between them): a combined subscription per
 * topic and a dispatch table by topic and tag. Throws `group-options-mismatch` naming both members when group-wide
 * options differ, `duplicate-handler` when two members claim the same topic and tag, and `unsupported-handler`
 * for combinations the group consumer cannot run.
 */
export function mergeGroups(handlers: readonly HandlerDefinition[]): GroupPlan[] {
  const byGroup = new Map<string, HandlerDefinition[]>();
  for (const h of handlers) byGroup.set(h.group, [...(byGroup.get(h.group) ?? []), h]);
  return [...byGroup.entries()].map(([group, members]) => planGroup(group, members));
}

function planGroup(group: string, members: readonly HandlerDefinition[]): GroupPlan {
  const first = members[0]!;
  for (const other of members.slice(1)) checkSameOptions(group, first, other);
  const topics = new Map<string, TopicPlan>();
  for (const topic of new Set(members.map((m) => m.topic))) topics.set(topic, planTopic(group, members.filter((m) => m.topic === topic)));
  const form = groupForm(group, members);
  return Object.freeze({ group, options: first.groupOptions, members, topics, form });
}

function planTopic(group: string, members: readonly HandlerDefinition[]): TopicPlan {
  const byTag = new Map<string, HandlerDefinition>();
  let fallback: HandlerDefinition | undefined;
  for (const m of members) {
    if (m.tags === '*') {
      if (fallback) throw duplicate(group, m.topic, '*', fallback, m);
      fallback = m;
      continue;
    }
    for (const tag of m.tags) {
      const taken = byTag.get(tag);
      if (taken) throw duplicate(group, m.topic, tag, taken, m);
      byTag.set(tag, m);
    }
  }
  const expression = fallback ? '*' : [...byTag.keys()].join(' || ');
  return Object.freeze({ topic: members[0]!.topic, expression, byTag, fallback });
}

function groupForm(group: string, members: readonly HandlerDefinition[]): HandlerForm {
  const stream = members.find((m) => m.form === 'stream');
  const batch = members.find((m) => m.form === 'batch');
  if (stream && batch) throw unsupported(group, `${handlerName(stream)} is a stream handler and ${handlerName(batch)} a batch handler; one group consumer cannot run both`, [stream, batch]);
  if (stream && members[0]!.groupOptions.orderly === true) {
    throw unsupported(group, `${handlerName(stream)} is a stream handler in an orderly group; orderly groups take onMessage or onBatch handlers`, [stream]);
  }
  if (batch) {
    const sharing = members.find((m) => m !== batch && m.topic === batch.topic);
    if (sharing) throw unsupported(group, `${handlerName(batch)} is a batch handler of ${batch.topic}, which ${handlerName(sharing)} also handles; a batch handler must be alone on its topic in its group`, [batch, sharing]);
    return 'batch';
  }
  return stream ? 'stream' : 'message';
}

/** The handler for a message of `topic` tagged `tags` (its named tag first, else the `*` handler). */
export function routeMessage(plan: GroupPlan, topic: string, tags: string | undefined): HandlerDefinition | undefined {
  const t = plan.topics.get(topic);
  if (!t) return undefined;
  return (tags === undefined ? undefined : t.byTag.get(tags)) ?? t.fallback;
}

function checkSameOptions(group: string, a: HandlerDefinition, b: HandlerDefinition): void {
  const keys = new Set([...Object.keys(a.groupOptions), ...Object.keys(b.groupOptions)].filter((k) => !HANDLER_OPTION_KEYS.includes(k)));
  const differences: string[] = [];
  for (const key of keys) {
    const va = effective(a.groupOptions, key);
    const vb = effective(b.groupOptions, key);
    if (!sameValue(va, vb)) differences.push(`${key} (${show(va)} vs ${show(vb)})`);
  }
  if (differences.length === 0) return;
  throw new DecoratorError(
    'group-options-mismatch',
    `consumer group '${group}' is shared by ${handlerName(a)} and ${handlerName(b)}, which disagree on ${differences.join(', ')}; a group is one consumer, so its options must match (or use different groups)`,
    { group, members: [handlerName(a), handlerName(b)], differences },
  );
}

function effective(options: Record<string, unknown>, key: string): unknown {
  const value = options[key];
  if (key === 'codec') return typeof value === 'object' && value !== null ? (value as { name: string }).name : (value ?? CONSUMER_DEFAULTS.fallbackCodec);
  if (value !== undefined) return value;
  return (CONSUMER_DEFAULTS as unknown as Record<string, unknown>)[key];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b;
}

function show(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  return JSON.stringify(value) ?? String(value);
}

function duplicate(group: string, topic: string, tag: string, a: HandlerDefinition, b: HandlerDefinition): DecoratorError {
  const what = tag === '*' ? 'all tags (*)' : `tag '${tag}'`;
  return new DecoratorError('duplicate-handler', `consumer group '${group}': ${handlerName(a)} and ${handlerName(b)} both handle ${what} of ${topic}; each message of a group goes to one handler`, {
    group,
    topic,
    tag,
    members: [handlerName(a), handlerName(b)],
  });
}

function unsupported(group: string, reason: string, members: readonly HandlerDefinition[]): DecoratorError {
  return new DecoratorError('unsupported-handler', `consumer group '${group}': ${reason}`, { group, members: members.map(handlerName) });
}
