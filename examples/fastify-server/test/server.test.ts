import { hardeningSuite } from '../../shared/test/hardening-suite.js';
import { proxySuite } from '../../shared/test/proxy-suite.js';
import { serverSuite } from '../../shared/test/server-suite.js';
import { startServer } from '../src/app.js';

serverSuite('Fastify', startServer);
hardeningSuite('Fastify', startServer);
proxySuite('Fastify', startServer);
