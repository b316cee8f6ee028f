export type * from './commands.js';
export { CommandService, commandEvent, type CommandServiceDeps } from './command-service.js';
