import { demoFlowSuite } from '../../shared/test/demo-flow.js';
import { startServer } from '../src/app.js';

demoFlowSuite('Fastify', startServer);
