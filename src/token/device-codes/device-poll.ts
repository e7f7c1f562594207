import type { DeviceCodeStatus } from './device-code.entity';

/** What one poll of the token endpoint found (see DeviceCodeStore.poll). */
export interface DevicePoll {
  /** The status before this poll: an approved code is consumed by the one poll that finds it so. */
  status: DeviceCodeStatus;
  expired: boolean;
  /** Polled again sooner than the interval allows. */
  tooFast: boolean;
  /** The interval from now on: raised by 5 seconds when this poll came too fast. */
  intervalSeconds: number;
  scope: string[];
  userId: string | null;
  grantId: string | null;
}

export type PollOutcome = 'spent' | 'expired' | 'denied' | 'approved' | 'slow_down' | 'pending';

/**
 * RFC 8628 §3.5: the answer a device gets. A spent code is invalid_grant even once expired, so
 * a replay never reads as merely late; slow_down only while the user has not answered yet.
 */
export function pollOutcome(poll: DevicePoll): PollOutcome {
  if (poll.status === 'consumed') return 'spent';
  if (poll.expired) return 'expired';
  if (poll.status === 'denied') return 'denied';
  if (poll.status === 'approved') return 'approved';
  return poll.tooFast ? 'slow_down' : 'pending';
}
