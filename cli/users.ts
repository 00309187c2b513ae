// `campaign users …`: create API users (printing their token once) and list them.
import { Command, Option } from 'commander';
import { ROLES } from '../definitions/language/schema.js';
import { addDatabaseOptions, withEngine, type DatabaseOptions } from './database.js';

const run = { missing: 'start the server once (npm start) or import jurisdictions first', issues: true };

export function usersCommand(): Command {
  const cmd = new Command('users').description('users of the HTTP API and their bearer tokens');
  addDatabaseOptions(
    cmd
      .command('create')
      .description('create a user and print its token (shown once; only its hash is stored)')
      .requiredOption('--name <name>', 'who it is, e.g. 孝义市市场监管局')
      .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
      .requiredOption('--jurisdiction <code>', 'where: it reads and acts only within this subtree'),
  ).action(async (options: DatabaseOptions & { name: string; role: string; jurisdiction: string }) => {
    await withEngine(options, run, async (engine) => {
      const { user, token } = await engine.users.create({ name: options.name, role: options.role, jurisdictionCode: options.jurisdiction });
      console.error(`created user ${user.id}: ${user.name}, ${user.role} at ${user.jurisdictionCode}. Its token (keep it; it is not shown again):`);
      console.log(token);
    });
  });
  addDatabaseOptions(cmd.command('list').description('list users (without tokens)')).action(async (options: DatabaseOptions) => {
    await withEngine(options, run, async (engine) => {
      for (const u of await engine.users.list()) console.log(`${String(u.id).padStart(4)}  ${u.role.padEnd(9)} ${u.jurisdictionCode.padEnd(12)} ${u.name}`);
    });
  });
  return cmd;
}
