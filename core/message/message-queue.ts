/** A queue of a topic on one broker: the unit of ordering, assignment and offsets. */
export interface MessageQueue {
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
}

/** A stable string key for maps and sets: `topic@brokerName#queueId`. */
export function queueKey(mq: MessageQueue): string {
  return `${mq.topic}@${mq.brokerName}#${mq.queueId}`;
}

/** The Java client's order: topic, then broker name, then queue id (plain UTF-16 string comparison). */
export function compareQueues(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

export function sameQueue(a: MessageQueue, b: MessageQueue): boolean {
  return a.topic === b.topic && a.brokerName === b.brokerName && a.queueId === b.queueId;
}
