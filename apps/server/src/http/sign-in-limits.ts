/**
 * Limits on signing in and signing up, with rate-limiter-flexible: every
 * attempt counts against the caller's address, and failed sign-ins against
 * the account, so neither a password guesser nor a sign-up flood gets far.
 * Refusals are 429 with Retry-After.
 */

import { FactmarkError } from '@factmark/editor';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { normalizeEmail } from '../auth/account-store.ts';
import type { AuthLimits } from '../config.ts';

/** Refused: too many attempts; `retryAfter` is in seconds. */
export class TooManyAttempts extends FactmarkError {
  constructor(readonly retryAfter: number) {
    super('too_many_attempts', `Too many attempts: try again in ${retryAfter} seconds`);
  }
}

export class SignInLimits {
  private readonly perAddress: RateLimiterMemory;
  private readonly failuresPerAccount: RateLimiterMemory;

  constructor(limits: AuthLimits) {
    this.perAddress = new RateLimiterMemory({ points: limits.perAddressPerMinute, duration: 60 });
    this.failuresPerAccount = new RateLimiterMemory({ points: limits.failuresPerAccount, duration: 15 * 60 });
  }

  private static refusal(error: unknown): never {
    if (error instanceof RateLimiterRes) throw new TooManyAttempts(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  }

  /** Count an attempt from `address`; throws {@link TooManyAttempts} past the limit. */
  async attempt(address: string): Promise<void> {
    await this.perAddress.consume(address).catch(SignInLimits.refusal);
  }

  /** Refuse a sign-in to an account that has failed too often lately. */
  async checkAccount(email: string): Promise<void> {
    const state = await this.failuresPerAccount.get(normalizeEmail(email));
    if (state && state.remainingPoints <= 0)
      throw new TooManyAttempts(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
  }

  /** Count a failed sign-in against the account. */
  async failed(email: string): Promise<void> {
    await this.failuresPerAccount.consume(normalizeEmail(email)).catch(() => {});
  }
}
