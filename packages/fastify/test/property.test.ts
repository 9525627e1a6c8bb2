import { httpFuzz } from '@vaultkit/testkit';
import { makeServer } from './make-server.js';

// Random and hostile requests to every route: never a 5xx, always the envelope, nothing stored.
httpFuzz('fastify', makeServer, { runs: 100 });
