import { EventEmitter } from 'node:events';
import { answerSentOf } from './link-request-key';

const response = (state: { destroyed?: boolean; writableFinished?: boolean } = {}) =>
  Object.assign(new EventEmitter(), { destroyed: false, writableFinished: false, ...state });

describe('answerSentOf', () => {
  it('waits a random while after the answer, a quarter second at least', () => {
    jest.useFakeTimers();
    try {
      const res = response();
      const work = jest.fn();
      answerSentOf(res)(work);
      res.emit('close');
      jest.advanceTimersByTime(249);
      expect(work).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1251);
      expect(work).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs the work once the response closes, not before', async () => {
    const res = response();
    const work = jest.fn();
    answerSentOf(res, () => 0)(work);
    await new Promise((r) => setImmediate(r));
    expect(work).not.toHaveBeenCalled();
    res.emit('close');
    await new Promise((r) => setTimeout(r, 5));
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs it at once when the client is already gone or the answer already sent', async () => {
    for (const state of [{ destroyed: true }, { writableFinished: true }]) {
      const work = jest.fn();
      answerSentOf(response(state), () => 0)(work);
      await new Promise((r) => setTimeout(r, 5));
      expect(work).toHaveBeenCalledTimes(1);
    }
  });
});
