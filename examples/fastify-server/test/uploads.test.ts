import { uploadsSuite } from '../../shared/test/uploads-suite.js';
import { startServer } from '../src/app.js';

uploadsSuite('Fastify', startServer);
