import { describe, expect, it } from 'vitest';
import { decodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import { batchEnvelope, batchItemProperties } from '../../../adapters/embedded/engine/batch-properties.js';
import { encodeBatch } from '../../../adapters/remoting/protocol/message/batch.js';
import { FakeChannel, pulled, pullRequest, sendRequest, startBroker } from './helpers.js';

describe('batch properties (4.9.8 MessageExtBatchEncoder)', () => {
  it('the envelope: header properties plus CLUSTER, in Java HashMap order', () => {
    expect(batchEnvelope('WAIT\u0001true', 'DefaultCluster').text).toBe('CLUSTER\u0001DefaultCluster\u0002WAIT\u0001true');
    // Buckets (16): REAL_TOPIC 1, KEYS 7, CLUSTER 12, TAGS 14; a repeated key keeps its first place, later value.
    const env = batchEnvelope('TAGS\u0001a\u0002KEYS\u0001k\u0002REAL_TOPIC\u0001t\u0002TAGS\u0001b', 'C1');
    expect(env.text).toBe('REAL_TOPIC\u0001t\u0002KEYS\u0001k\u0002CLUSTER\u0001C1\u0002TAGS\u0001b');
    expect(env.properties).toEqual({ REAL_TOPIC: 't', KEYS: 'k', CLUSTER: 'C1', TAGS: 'b' });
    expect(batchEnvelope('', 'C1').text).toBe('CLUSTER\u0001C1');
    expect(batchEnvelope('CLUSTER\u0001other', 'C1').text).toBe('CLUSTER\u0001C1');
  });

  it('an item: its own properties as sent, a separator unless one is empty or they already end with it, the envelope', () => {
    expect(batchItemProperties('A\u00011', 'B\u00012')).toBe('A\u00011\u0002B\u00012');
    expect(batchItemProperties('A\u00011\u0002', 'B\u00012')).toBe('A\u00011\u0002B\u00012');
    expect(batchItemProperties('', 'B\u00012')).toBe('B\u00012');
    expect(batchItemProperties('A\u00011', '')).toBe('A\u00011');
  });

  it('a stored item reads with the envelope winning a name both carry, and is indexed by its own KEYS', async () => {
    const t = await startBroker();
    try {
      const body = encodeBatch([
        { body: Buffer.from('one'), properties: 'KEYS\u0001K1\u0002TAGS\u0001own\u0002' },
        { body: Buffer.from('two'), properties: '' },
      ]);
      const req = sendRequest({ topic: 'BatchProps', body, props: { TAGS: 'env', WAIT: 'true' }, batch: true });
      expect((await t.broker.send(req, new FakeChannel('p'))).code).toBe(0);
      const ms = pulled(await t.broker.pull(pullRequest({ topic: 'BatchProps', subscription: 'env' }), new FakeChannel('c')));
      expect(ms.map((m) => m.propertiesString)).toEqual([
        'KEYS\u0001K1\u0002TAGS\u0001own\u0002CLUSTER\u0001DefaultCluster\u0002WAIT\u0001true\u0002TAGS\u0001env',
        'CLUSTER\u0001DefaultCluster\u0002WAIT\u0001true\u0002TAGS\u0001env',
      ]);
      expect(ms.map((m) => decodeProperties(m.propertiesString)['TAGS'])).toEqual(['env', 'env']);
      const found = await t.broker.queryMessage({ topic: 'BatchProps', key: 'K1', maxNum: 32, beginTimestamp: 0, endTimestamp: Date.now() + 1000 });
      expect(found).toMatchObject({ code: 0, messageCount: 1 });
    } finally {
      await t.broker.close();
    }
  });
});
