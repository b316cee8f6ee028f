import { Command, Option } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { DEFAULT_SIM_URL, simulateCommand } from '../sim/index.js';

const schema = z.object({
  url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  stations: z.coerce.number().int().min(1).max(100_000),
  ocpp: z.enum(['1.6', '2.0.1', 'mix']),
  idPrefix: z.string().min(1).max(40),
  firstIndex: z.coerce.number().int().min(0),
  meterInterval: z.coerce.number().positive(),
  faultRate: z.coerce.number().min(0),
  connectRate: z.coerce.number().positive(),
  password: z.string().min(16).max(40).optional(),
  localAddresses: z.string().optional(),
  duration: z.coerce.number().positive().optional(),
  autoCharge: z.boolean(),
  progress: z.boolean().optional(),
});

/** `chargewatch simulate`: a fleet of simulated stations against any OCPP server. */
export function registerSimulateCommand(program: Command): void {
  program.command('simulate')
    .description('run simulated charging stations against an OCPP server (Ctrl-C stops and prints a summary)')
    .option('--url <url>', 'base URL of the server; the station id is appended', DEFAULT_SIM_URL)
    .option('--stations <n>', 'how many stations', '10')
    .addOption(new Option('--ocpp <version>', 'protocol of the fleet').choices(['1.6', '2.0.1', 'mix']).default('mix'))
    .option('--id-prefix <prefix>', 'station ids are <prefix>0001, <prefix>0002, …', 'SIM-')
    .option('--first-index <n>', 'number of the first station (to split a fleet over processes)', '0')
    .option('--meter-interval <s>', 'seconds between meter values while charging', '60')
    .option('--fault-rate <n>', 'faults per connector per hour', '0')
    .option('--connect-rate <n>', 'new connections per second', '200')
    .option('--password <password>', 'HTTP basic-auth password every station sends (username = its id)')
    .option('--local-addresses <list>', 'comma-separated 127.0.0.x source addresses to spread sockets over')
    .option('--duration <s>', 'stop after this many seconds')
    .option('--no-auto-charge', 'EVs do not arrive on their own')
    .option('--progress', 'show a progress display (default for 50+ stations on a terminal)')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      const o = parsed.data;
      await simulateCommand({
        url: o.url, stations: o.stations, ocpp: o.ocpp, idPrefix: o.idPrefix, firstIndex: o.firstIndex,
        meterIntervalS: o.meterInterval, faultRate: o.faultRate, connectRatePerS: o.connectRate, password: o.password,
        localAddresses: o.localAddresses?.split(',').map((a) => a.trim()).filter(Boolean), durationS: o.duration,
        autoCharge: o.autoCharge, progress: o.progress,
      });
      process.exit(0);
    });
}
