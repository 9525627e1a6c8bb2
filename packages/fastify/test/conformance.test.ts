import { httpConformance } from '@vaultkit/testkit';
import { makeServer } from './make-server.js';

httpConformance('fastify', makeServer);
