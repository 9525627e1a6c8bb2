import { memoryStorage } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';

// The suite as an adapter on the server's own clock sees it: the expiry tests are skipped with
// a reason, everything else must still pass with real-time dates.
storageContract('memory on the system clock', () => memoryStorage());
