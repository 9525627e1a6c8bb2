import { outboxMailer } from '@vaultkit/core';
import { mailerContract } from '@vaultkit/testkit';

// The embedded mailer keeps what it sends: its inbox is itself. It never fails, so the
// unreachable-server tests are skipped (they say so).
mailerContract('outbox', () => outboxMailer({ log: false }), { receive: (mailer) => mailer.messages() });
