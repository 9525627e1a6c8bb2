import { memoryStorage } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';

storageContract('memory', () => memoryStorage(), {
  // Memory lives in one process: a second "instance" on the same backend is a second object
  // over the same maps, which is what two connections to one database are. Its unreachable
  // test is skipped (memory cannot be unreachable); unreachable-backend.test.ts covers that test.
  makeSecond: (first) => ({ ...first }),
});
