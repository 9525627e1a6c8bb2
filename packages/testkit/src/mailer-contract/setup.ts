import { randomUUID } from 'node:crypto';
import type { Mailer } from '@vaultkit/core';
import { afterEach, beforeEach } from 'vitest';

/** One message as it arrived, bodies decoded (the suite ignores CRLF vs LF and trailing space). */
export interface ReceivedMail {
  /** The recipient address. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Builds one mailer for one test. */
export type MakeMailer<M extends Mailer = Mailer> = () => M | Promise<M>;

export interface MailerContractOptions<M extends Mailer = Mailer> {
  /**
   * Every message that has arrived so far, in any order: the test server's inbox, or what the
   * mailer itself kept. It may hold other tests' mail; the suite sends each test to its own
   * addresses. Called again until the expected mail shows up (see `receiveTimeoutMs`).
   */
  receive: (mailer: M) => ReceivedMail[] | Promise<ReceivedMail[]>;
  /**
   * Builds a mailer whose server cannot be reached (a closed port, a refused login). With it the
   * suite checks that `send` and `ping` reject with a `DependencyError` (503); without it those
   * tests are skipped.
   * @default undefined
   */
  makeUnreachable?: () => Mailer | Promise<Mailer>;
  /**
   * Credentials of the mailers (SMTP password, OAuth2 secret): none may appear in an error
   * message or anywhere in an inspected error (its `cause` included).
   * @default []
   */
  secrets?: string[];
  /**
   * Builds the recipient addresses from a unique label (lowercase letters, digits and dashes).
   * @default (label) => `${label}@example.com`
   */
  address?: (label: string) => string;
  /** How long a sent message may take to arrive. @default 5000 */
  receiveTimeoutMs?: number;
}

/** The per-test state the suite reads (set afresh before every test). */
export interface MailerEnv<M extends Mailer> {
  mailer: M;
  /** A fresh address for this test. */
  address(tag?: string): string;
  /** Waits until `count` messages reached `to`, and returns them (oldest first as received). */
  arrived(to: string, count?: number): Promise<ReceivedMail[]>;
  /** What reached `to` so far, without waiting. */
  inbox(to: string): Promise<ReceivedMail[]>;
}

/**
 * Registers the fresh-mailer hooks in the current `describe` and returns the env they fill.
 * Each test gets its own mailer (disposed after it) and its own recipient addresses.
 */
export function useMailerEnv<M extends Mailer>(make: MakeMailer<M>, options: MailerContractOptions<M>): MailerEnv<M> {
  const toAddress = options.address ?? ((label: string) => `${label}@example.com`);
  const timeout = options.receiveTimeoutMs ?? 5000;
  let run = '';

  const inbox = async (to: string): Promise<ReceivedMail[]> => {
    const all = await options.receive(env.mailer);
    return all.filter((m) => m.to.toLowerCase() === to.toLowerCase());
  };

  const env: MailerEnv<M> = {
    mailer: undefined as unknown as M,
    address: (tag = 'to') => toAddress(`vk-${run}-${tag}`),
    inbox,
    async arrived(to, count = 1) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const got = await inbox(to);
        if (got.length >= count) return got;
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s) to ${to} within ${timeout} ms, got ${got.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };

  beforeEach(async () => {
    run = randomUUID().slice(0, 8);
    env.mailer = await make();
  });

  afterEach(async () => {
    await env.mailer?.dispose?.();
  });

  return env;
}

/** Line breaks as LF and no trailing whitespace: what transports may change in a body. */
export function normalizeBody(body: string): string {
  return body.replace(/\r\n/g, '\n').replace(/\s+$/, '');
}
