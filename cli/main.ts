// The `campaign` command line: one sub-command group per file.
import { Command } from 'commander';

// What this command creates (a data folder, its files) is its owner's alone.
process.umask(0o077);
import { definitionsCommand } from './definitions.js';
import { simulateCommand } from './simulate.js';
import { jurisdictionsCommand } from './jurisdictions.js';
import { tokensCommand, usersCommand } from './users.js';

const program = new Command('campaign')
  .description('Campaign Engine: run safety campaigns down the jurisdiction tree of China')
  .showHelpAfterError();

program.addCommand(definitionsCommand());
program.addCommand(simulateCommand());
program.addCommand(jurisdictionsCommand());
program.addCommand(usersCommand());
program.addCommand(tokensCommand());

await program.parseAsync(process.argv);
