export type * from './commands.js';
export { CommandService, type CommandServiceDeps } from './command-service.js';
