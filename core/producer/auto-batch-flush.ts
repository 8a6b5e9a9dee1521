import { assembleBatch } from './batch.js';
import { autoBatchError, splitBatchResult } from './batch-split.js';
import { SendError } from './errors.js';
import { compressBody, type PreparedMessage } from './prepare.js';
import type { Outgoing } from './send-core.js';
import { batchPlan, type SendPipeline, type SendPlan } from './send-pipeline.js';
import type { SendResult } from './send-result.js';
import { SendTicket } from './send-ticket.js';

/** A send in an auto batch: what it sends and the ticket its caller waits on (which holds its in-flight room). */
export interface AutoBatchMember {
  readonly out: Outgoing;
  readonly ticket: SendTicket;
}

/** What sending an auto batch needs of the producer. */
export interface FlushContext {
  readonly settings: { readonly maxMessageSize: number; readonly compressOverBytes: number; readonly compressLevel: number };
  /** The started client's pipeline (throws `producer-not-started` before start). */
  pipeline(): SendPipeline;
}

/**
 * Sends `members` as one request through the pipeline (queue choice, retries on another broker, the fault table and
 * the timeout of the first member's plan): one member as a plain send (compressed as a single send would be), more
 * as one SEND_BATCH_MESSAGE. Its outcome settles every member still waiting: a result split per message, or the
 * batch's error (see `batch-split.ts`). A member abandoned meanwhile rejects at once and the batch goes on; once
 * every member is abandoned the request is aborted, as for an abandoned single send. `done` runs once the batch
 * settled (or was aborted). `encodedBytes`: the members' record bytes, when the caller counted them already.
 */
export function sendAutoBatch(members: readonly AutoBatchMember[], ctx: FlushContext, done: () => void, encodedBytes?: number): void {
  const flight = new BatchFlight(members, done);
  try {
    const { prepared, plan } = members.length === 1 ? alone(members[0]!.out, ctx) : together(members, ctx, encodedBytes);
    ctx.pipeline().send(prepared, plan, flight.carrier);
  } catch (error) {
    flight.carrier.reject(error);
  }
}

function alone(out: Outgoing, ctx: FlushContext): { prepared: PreparedMessage; plan: SendPlan } {
  const { body, sysFlag } = compressBody(out.prepared.body, ctx.settings.compressOverBytes, ctx.settings.compressLevel);
  const prepared = sysFlag === 0 ? out.prepared : { ...out.prepared, body, sysFlag: out.prepared.sysFlag | sysFlag };
  return { prepared, plan: out.plan };
}

function together(members: readonly AutoBatchMember[], ctx: FlushContext, encodedBytes: number | undefined): { prepared: PreparedMessage; plan: SendPlan } {
  const batch = assembleBatch(
    members.map((m) => m.out.prepared),
    ctx.settings.maxMessageSize,
    encodedBytes,
  );
  return { prepared: batch.envelope, plan: batchPlan(members[0]!.out.plan, batch.items, batch.msgId) };
}

/** One auto batch in flight: its carrier ticket (what the pipeline settles) and the members it fans out to. */
class BatchFlight {
  readonly carrier: SendTicket;
  /** Members not abandoned. */
  private live: number;
  private abandoned = false;

  constructor(
    private readonly members: readonly AutoBatchMember[],
    done: () => void,
  ) {
    this.live = members.length;
    this.carrier = new SendTicket(
      done,
      (result) => this.resolved(result),
      (error) => this.failed(error),
    );
    for (const m of members) m.ticket.onAbort(() => this.left());
  }

  /** A member was abandoned (its ticket rejects right after); the last one aborts the request. */
  private left(): void {
    if (--this.live > 0) return;
    this.abandoned = true;
    const topic = this.members[0]!.out.prepared.message.topic;
    this.carrier.abort(new SendError('send-aborted', 'every send of the auto batch was abandoned', { topic, autoBatchSize: this.members.length }));
  }

  private resolved(result: SendResult): void {
    if (this.abandoned) return;
    let results: SendResult[];
    try {
      results = splitBatchResult(
        result,
        this.members.map((m) => m.out.prepared.uniqKey),
      );
    } catch (error) {
      this.failed(error);
      return;
    }
    this.members.forEach((m, i) => m.ticket.resolve(results[i]!));
  }

  private failed(error: unknown): void {
    if (this.abandoned) return;
    const shared = this.members.length > 1 ? autoBatchError(error, this.members.length) : error;
    for (const m of this.members) m.ticket.reject(shared);
  }
}
