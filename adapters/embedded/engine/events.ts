/**
 * Things the engine reports instead of throwing or logging: failures inside timers and background work, and
 * noteworthy decisions. The broker's owner subscribes with `onEvent`; nothing is swallowed silently.
 */
export type EngineEvent =
  | { type: 'error'; where: string; error: unknown }
  | { type: 'client-expired'; channelId: string; remoteAddress: string }
  | { type: 'delay-dropped'; physicalOffset: number; reason: string }
  | { type: 'transaction-check'; commitLogOffset: number; checkTimes: number; sent: boolean }
  | { type: 'transaction-discarded'; commitLogOffset: number; checkTimes: number };

export type EngineEventSink = (event: EngineEvent) => void;

/** Calls `sink`, never letting a throwing listener break the engine. */
export function emitSafely(sink: EngineEventSink | undefined, event: EngineEvent): void {
  if (sink === undefined) return;
  try {
    sink(event);
  } catch (err) {
    // A listener that throws must not take the broker down; surface it as a process warning instead.
    process.emitWarning(`rocketmq-rx engine event listener threw on '${event.type}': ${String(err)}`, 'EngineEventWarning');
  }
}
