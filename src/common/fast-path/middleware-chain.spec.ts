import type { Request, RequestHandler, Response } from 'express';
import { runMiddleware } from './middleware-chain';

const req = {} as Request;
const res = {} as Response;

describe('runMiddleware', () => {
  it('runs every handler in order, then done without an error', () => {
    const seen: string[] = [];
    const step =
      (name: string): RequestHandler =>
      (_req, _res, next) => {
        seen.push(name);
        next();
      };
    const done = jest.fn();
    runMiddleware([step('a'), step('b'), step('c')], req, res, done);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(done).toHaveBeenCalledWith();
  });

  it('stops at the first handler that passes an error, and hands it to done', () => {
    const error = new Error('too large');
    const later = jest.fn();
    const done = jest.fn();
    runMiddleware([(_q, _s, next) => next(error), later], req, res, done);
    expect(later).not.toHaveBeenCalled();
    expect(done).toHaveBeenCalledWith(error);
  });

  it('hands a thrown error to done', () => {
    const error = new Error('boom');
    const done = jest.fn();
    runMiddleware(
      [
        () => {
          throw error;
        },
      ],
      req,
      res,
      done,
    );
    expect(done).toHaveBeenCalledWith(error);
  });

  it('waits for a handler that calls next later (a body parser)', async () => {
    const done = jest.fn();
    runMiddleware([(_q, _s, next) => setImmediate(next)], req, res, done);
    expect(done).not.toHaveBeenCalled();
    await new Promise((ok) => setImmediate(ok));
    expect(done).toHaveBeenCalledWith();
  });
});
