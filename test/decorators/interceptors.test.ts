import { catchError, defer, map, of, tap, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  intercept,
  loggingInterceptor,
  timingInterceptor,
  validationInterceptor,
  type HandlerContext,
  type HandlerInterceptor,
  type HandlerTiming,
  type RocketMQLogger,
} from '../../decorators/index.js';
import { ValidationError } from '../../core/validation/validation-error.js';
import { received } from './messages.js';

const context = (payload: unknown): HandlerContext => ({
  form: 'message',
  group: 'g',
  topic: 'T',
  tagExpression: '*',
  className: 'C',
  method: 'onMessage',
  message: received('T', 'a', payload),
  instance: {},
});

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('intercept', () => {
  it('applies interceptors outermost first and subscribes the handler only through them', () => {
    const trail: string[] = [];
    const around = (name: string): HandlerInterceptor => () => (source) =>
      defer(() => {
        trail.push(`${name}:before`);
        return source.pipe(tap({ complete: () => trail.push(`${name}:after`) }));
      });
    let calls = 0;
    const handler = defer(() => {
      calls += 1;
      trail.push('handler');
      return of('done');
    });
    const result$ = intercept([around('outer'), around('inner')], context(1), handler);
    expect(calls).toBe(0);
    result$.subscribe();
    expect(trail).toEqual(['outer:before', 'inner:before', 'handler', 'inner:after', 'outer:after']);
  });

  it('can map results and errors (marble test)', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const handler = cold('--a|');
      const failing = cold('--#', {}, new Error('boom'));
      const upper: HandlerInterceptor = () => map((v) => String(v).toUpperCase());
      const recover: HandlerInterceptor = () => catchError(() => of('recovered'));
      expectObservable(intercept([upper], context(1), handler)).toBe('--A|');
      expectSubscriptions(handler.subscriptions).toBe('^--!');
      expectObservable(intercept([recover], context(1), failing)).toBe('--(r|)', { r: 'recovered' });
      expectObservable(intercept([], context(1), failing)).toBe('--#', {}, new Error('boom'));
    });
  });
});

describe('built-in interceptors', () => {
  it('timing reports duration and outcome with the given clock (virtual time)', () => {
    const ts = scheduler();
    const timings: HandlerTiming[] = [];
    ts.run(({ cold, expectObservable }) => {
      const timing = timingInterceptor((t) => timings.push(t), () => ts.now());
      expectObservable(intercept([timing], context(1), cold('-----a|'))).toBe('-----a|');
      expectObservable(intercept([timing], context(2), cold('---#', {}, new Error('no')))).toBe('---#', {}, new Error('no'));
    });
    expect(timings.map((t) => [t.outcome, t.durationMs])).toEqual([
      ['failure', 3],
      ['success', 6],
    ]);
    expect(timings[0]!.error).toEqual(new Error('no'));
  });

  it('validation fails invalid payloads before the handler runs, or skips them', () => {
    let ran = 0;
    const handler = defer(() => {
      ran += 1;
      return of('handled');
    });
    const positive = (p: unknown) => (typeof p === 'number' && p > 0) || 'must be a positive number';
    const seen: unknown[] = [];
    intercept([validationInterceptor(positive)], context(5), handler).subscribe((v) => seen.push(v));
    let failure: unknown;
    intercept([validationInterceptor(positive)], context(-1), handler).subscribe({ error: (e: unknown) => (failure = e) });
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).reason).toBe('must be a positive number');
    const skipped: unknown[] = [];
    let completed = false;
    intercept([validationInterceptor(positive, { onInvalid: 'skip', onSkip: (e) => skipped.push(e.reason) })], context(-2), handler).subscribe({
      complete: () => (completed = true),
    });
    expect(ran).toBe(1);
    expect(seen).toEqual(['handled']);
    expect(skipped).toEqual(['must be a positive number']);
    expect(completed).toBe(true);
  });

  it('logging writes the start at debug and a failure at warn with the message id', () => {
    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const at = (level: string) => (m: string, c?: Record<string, unknown>) => lines.push([level, m, c]);
    const logger: RocketMQLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    intercept([loggingInterceptor(logger)], context(1), throwError(() => new Error('bad'))).subscribe({ error: () => undefined });
    expect(lines.map(([l]) => l)).toEqual(['debug', 'warn']);
    expect(lines[1]![1]).toContain('C.onMessage failed: Error: bad');
    expect(lines[1]![2]).toMatchObject({ msgId: 'T-a-0', group: 'g', topic: 'T' });
  });
});
