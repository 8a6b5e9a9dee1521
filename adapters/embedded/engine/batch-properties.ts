import {
  decodeProperties, encodeProperties, MessageProperty, PROPERTY_SEPARATOR, setProperty, type Properties,
} from '../../remoting/protocol/message/properties.js';
import { javaOrdered } from './java-properties.js';

/** The SEND_BATCH_MESSAGE envelope's properties as the broker stores them with every message of the batch. */
export interface BatchEnvelope {
  /** The property map (header properties, then CLUSTER). */
  properties: Properties;
  /** The same, encoded in the order a 4.9.8 broker writes it. */
  text: string;
}

/**
 * Java `SendMessageProcessor.sendBatchMessage` (4.9.8): the header's properties parsed into a `HashMap`, CLUSTER put
 * into it, and `messageProperties2String` of that map — so the pairs come in Java HashMap iteration order (the
 * captured batch stores `CLUSTER…` before `WAIT…`).
 */
export function batchEnvelope(headerProperties: string, clusterName: string): BatchEnvelope {
  const map: Properties = { ...decodeProperties(headerProperties) };
  setProperty(map, MessageProperty.CLUSTER, clusterName);
  const properties = javaOrdered(map);
  return { properties, text: encodeProperties(properties) };
}

/**
 * Java `MessageExtBatchEncoder.encode` (4.9.8): a batch message is stored with its own properties bytes as sent,
 * then the envelope's, with a U+0002 between them unless either is empty or its own already end with one. A reader
 * then sees the envelope's value for a name both carry (later pairs win), WAIT twice in the captured batch.
 */
export function batchItemProperties(own: string, envelope: string): string {
  const separate = own.length > 0 && envelope.length > 0 && !own.endsWith(PROPERTY_SEPARATOR);
  return separate ? own + PROPERTY_SEPARATOR + envelope : own + envelope;
}
