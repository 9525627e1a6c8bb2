export { redisHotState, type RedisHotState, type RedisHotStateOptions } from './hot-state.js';
