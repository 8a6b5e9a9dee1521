/**
 * Namespaces (Java `NamespaceUtil`): a resource of namespace `ns` is named `ns%name` on the wire; a retry or dead-letter
 * topic keeps its prefix first (`%RETRY%ns%group`, `%DLQ%ns%group`). One implementation for the producer, both
 * consumers and the decorators.
 */
import { DLQ_TOPIC_PREFIX, RETRY_TOPIC_PREFIX } from '../validation/names.js';

/** The auto-create template topic, which Java never wraps (a system resource). */
export const TEMPLATE_TOPIC = 'TBW102';

const SEPARATOR = '%';

/** `name`'s retry or dead-letter prefix, if it has one. */
function prefixOf(name: string): string {
  if (name.startsWith(RETRY_TOPIC_PREFIX)) return RETRY_TOPIC_PREFIX;
  if (name.startsWith(DLQ_TOPIC_PREFIX)) return DLQ_TOPIC_PREFIX;
  return '';
}

/**
 * Java `NamespaceUtil.wrapNamespace`: `name` in `namespace`, unless there is no namespace, the name is empty or a
 * system resource (the template topic `TBW102`, or one of `systemNames`, e.g. a custom template topic), or it
 * already carries the namespace.
 */
export function wrapNamespace(namespace: string | undefined, name: string, systemNames: readonly string[] = []): string {
  if (!namespace || !name || name === TEMPLATE_TOPIC || systemNames.includes(name)) return name;
  const prefix = prefixOf(name);
  const bare = name.slice(prefix.length);
  if (bare.startsWith(namespace + SEPARATOR)) return name;
  return prefix + namespace + SEPARATOR + bare;
}

/** Java `NamespaceUtil.withoutNamespace`: `ns%T` → `T`, `%RETRY%ns%G` → `%RETRY%G`; other names as they are. */
export function unwrapNamespace(namespace: string | undefined, name: string): string {
  if (!namespace || !name) return name;
  const prefix = prefixOf(name);
  const bare = name.slice(prefix.length);
  const own = namespace + SEPARATOR;
  return bare.startsWith(own) ? prefix + bare.slice(own.length) : name;
}
