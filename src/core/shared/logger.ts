import type { Logger as PinoLogger } from 'pino';

/** The structured logger every part receives; pino's, narrowed to what we use. */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal' | 'child' | 'level'>;
