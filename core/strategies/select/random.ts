import type { QueueSelector } from './queue-selector.js';

/** Java `SelectMessageQueueByRandom`: a uniformly random queue. `random` returns a number in [0, 1). */
export function randomSelector(random: () => number = Math.random): QueueSelector {
  return (queues) => (queues.length === 0 ? undefined : queues[Math.min(queues.length - 1, Math.floor(random() * queues.length))]);
}
