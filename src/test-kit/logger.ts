import pino from 'pino';
import type { Logger } from '../core/shared/logger.js';

/** A logger that prints nothing unless TEST_LOG is set (then at that level). */
export const silentLogger: Logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
