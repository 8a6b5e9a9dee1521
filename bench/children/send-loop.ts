/** The producer drivers' loop (the peer's own): `inflight` workers, each awaiting its next send until `count` were sent. */
import { Message } from '../../core/message/message.js';
import type { Producer } from '../../core/producer/producer.js';

/** `count` sends of `body` to `topic` with at most `inflight` pending; rejects on a status other than SEND_OK. */
export async function sendAll(producer: Producer, topic: string, body: Buffer, inflight: number, count: number): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      const result = await producer.send(new Message(topic, body, { tags: 'TagA' }));
      if (result.status !== 'SEND_OK') throw new Error(`send status ${result.status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, count) }, worker));
}
