/** The producer drivers' loop (the peer's own): `inflight` workers, each awaiting its next send until `count` were sent. */
import { Message } from '../../core/message/message.js';
import type { Producer } from '../../core/producer/producer.js';

/** `count` calls of `sendOne(worker)` with at most `inflight` pending; rejects on a status other than SEND_OK. */
export async function runWorkers(inflight: number, count: number, sendOne: (worker: number) => Promise<{ readonly status: string }>): Promise<void> {
  let started = 0;
  const worker = async (w: number): Promise<void> => {
    while (started < count) {
      started++;
      const result = await sendOne(w);
      if (result.status !== 'SEND_OK') throw new Error(`send status ${result.status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, count) }, (_, w) => worker(w)));
}

/** `count` sends of `body` to `topic` (tag `TagA`) through `producer`, at most `inflight` pending. */
export function sendAll(producer: Producer, topic: string, body: Buffer, inflight: number, count: number): Promise<void> {
  return runWorkers(inflight, count, () => producer.send(new Message(topic, body, { tags: 'TagA' })));
}
