import type { RemotingCommand } from '../protocol/command.js';
import type { Connection } from './connection.js';

/**
 * Handles a request pushed by the peer. Return (or resolve) a response to answer it, nothing to stay
 * silent; throwing answers `SYSTEM_ERROR`. The response's opaque and response flag are set for you.
 */
export type Processor = (
  request: RemotingCommand,
  connection: Connection,
) => Promise<RemotingCommand | void> | RemotingCommand | void;

/**
 * Processors by request code, plus a default for codes with none. A registry may have a parent
 * (the pool's or the server's): lookup tries this registry's code, the parent's code, this default,
 * then the parent's default — so processors registered on a pool reach every connection it creates.
 */
export class ProcessorRegistry {
  private readonly byCode = new Map<number, Processor>();
  private fallback: Processor | undefined;

  constructor(private readonly parent?: ProcessorRegistry) {}

  set(code: number, processor: Processor): void {
    this.byCode.set(code, processor);
  }

  delete(code: number): void {
    this.byCode.delete(code);
  }

  /** Sets (or with `undefined` clears) the processor for codes with no processor of their own. */
  setDefault(processor: Processor | undefined): void {
    this.fallback = processor;
  }

  lookup(code: number): Processor | undefined {
    return this.forCode(code) ?? this.defaultProcessor();
  }

  private forCode(code: number): Processor | undefined {
    return this.byCode.get(code) ?? this.parent?.forCode(code);
  }

  private defaultProcessor(): Processor | undefined {
    return this.fallback ?? this.parent?.defaultProcessor();
  }
}
