// The `campaign` command line: one sub-command group per file.
import { Command } from 'commander';
import { definitionsCommand } from './definitions.js';
import { simulateCommand } from './simulate.js';
import { jurisdictionsCommand } from './jurisdictions.js';
import { usersCommand } from './users.js';

const program = new Command('campaign')
  .description('Campaign Engine: run safety campaigns down the jurisdiction tree of China')
  .showHelpAfterError();

program.addCommand(definitionsCommand());
program.addCommand(simulateCommand());
program.addCommand(jurisdictionsCommand());
program.addCommand(usersCommand());

await program.parseAsync(process.argv);
