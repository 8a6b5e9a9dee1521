import { javaHashMapOrder } from '../../remoting/protocol/headers/java-hashmap-order.js';
import { encodeProperties, setProperty, type Properties } from '../../remoting/protocol/message/properties.js';

/**
 * A property map in Java `HashMap` iteration order. `props` holds the entries in the order they were `put` into the
 * Java map (JS objects keep string keys in insertion order; a repeated put keeps the first position, as in Java);
 * `removed` names keys that were put and then removed — they count for the map's size when it grew (a HashMap never
 * shrinks its table), so they can move the others. Java 4.9.8 builds these maps with `new HashMap<>()` (16 buckets,
 * doubling past 0.75 load: the order the captures show); treeified buckets (≥ 8 collisions) are not modelled.
 */
export function javaOrdered(props: Properties, removed: readonly string[] = []): Properties {
  const keys = [...Object.keys(props), ...removed.filter((k) => !Object.hasOwn(props, k))];
  const out: Properties = {};
  for (const key of javaHashMapOrder(keys)) if (Object.hasOwn(props, key)) setProperty(out, key, props[key]!);
  return out;
}

/** Java `MessageDecoder.messageProperties2String` (4.9.8) of that map (see {@link javaOrdered}). */
export function javaPropertiesString(props: Properties, removed: readonly string[] = []): string {
  return encodeProperties(javaOrdered(props, removed));
}
