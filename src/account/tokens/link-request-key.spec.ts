import { EventEmitter } from 'node:events';
import { answerSentOf } from './link-request-key';

const response = (state: { destroyed?: boolean; writableFinished?: boolean } = {}) =>
  Object.assign(new EventEmitter(), { destroyed: false, writableFinished: false, ...state });

describe('answerSentOf', () => {
  it('runs the work once the response closes, not before', async () => {
    const res = response();
    const work = jest.fn();
    answerSentOf(res)(work);
    await new Promise((r) => setImmediate(r));
    expect(work).not.toHaveBeenCalled();
    res.emit('close');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs it at once when the client is already gone or the answer already sent', async () => {
    for (const state of [{ destroyed: true }, { writableFinished: true }]) {
      const work = jest.fn();
      answerSentOf(response(state))(work);
      await new Promise((r) => setImmediate(r));
      expect(work).toHaveBeenCalledTimes(1);
    }
  });
});
