import { memoryStorage } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';

storageContract('memory', ({ clock }) => memoryStorage({ clock }), { capabilities: { injectableClock: true } });
