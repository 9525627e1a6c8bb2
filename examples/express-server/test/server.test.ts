import { serverSuite } from '../../shared/test/server-suite.js';
import { startServer } from '../src/app.js';

serverSuite('Express', startServer);
