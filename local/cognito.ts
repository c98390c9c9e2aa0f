/**
 * The console's user pool on this machine (SPEC §10): `cognito-local` from the npm registry, which speaks
 * Cognito's own wire protocol with no Docker, run under the watchdog on a free loopback port with its state
 * under DATA_DIR (a temporary folder without one). It is given the pool, its app client, the three groups and
 * the CONSOLE_USERS (`name:group:password`, comma-separated; unset, one operator with a password made here),
 * each with a permanent password, so a user signs in with USER_PASSWORD_AUTH and no challenge.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Group } from '../lib/admin/auth.js';
import { ChannelHubError } from '../lib/errors.js';
import { freePort, startWatched } from './watchdog.js';

const POOL_NAME = 'channel-hub-console';
const CLIENT_NAME = 'console';

interface ConsoleUser {
  name: string;
  group: string;
  password: string;
}

export interface LocalCognito {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  users: ConsoleUser[];
  /** Whether the operator's password was made here (print it: nobody chose it). */
  generated: boolean;
  stop(): Promise<void>;
}

/** `name:group:password,…`; unset, one operator with a password nobody chose. */
export function consoleUsers(setting: string | undefined): { users: ConsoleUser[]; generated: boolean } {
  if (setting === undefined || setting.trim() === '') {
    return {
      users: [{ name: 'operator', group: Group.Operator, password: `Op-${randomBytes(9).toString('base64url')}1a!` }],
      generated: true,
    };
  }
  const users = setting.split(',').map((entry) => {
    const [name = '', group = '', ...password] = entry.trim().split(':');
    if (name === '' || password.length === 0)
      throw new ChannelHubError(`CONSOLE_USERS: expected name:group:password, got "${entry}"`);
    if (!Object.values(Group).includes(group as Group)) {
      throw new ChannelHubError(`CONSOLE_USERS: ${name}'s group ${group} is not one of ${Object.values(Group).join(', ')}`);
    }
    return { name, group, password: password.join(':') };
  });
  return { users, generated: false };
}

/**
 * @example const cognito = await startLocalCognito({ users: process.env.CONSOLE_USERS }); cognito.endpoint
 */
export async function startLocalCognito(
  options: { dataDir?: string; users?: string; timeoutMs?: number } = {},
): Promise<LocalCognito> {
  const { users, generated } = consoleUsers(options.users);
  const dir =
    options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'channel-hub-cognito-')) : join(options.dataDir, 'cognito');
  mkdirSync(join(dir, '.cognito'), { recursive: true });
  // Its default pool makes every username an e-mail; the console's users are names.
  writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const port = await freePort();
  const start = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const endpoint = `http://127.0.0.1:${port}`;
  const { stop } = await startWatched('cognito-local', process.execPath, [start], endpoint, {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  try {
    const client = new CognitoIdentityProviderClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { userPoolId, clientId } = await provision(client, users);
    client.destroy();
    return { endpoint, userPoolId, clientId, users, generated, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The pool, its client, the groups and the users: made once, found again on a restart with DATA_DIR. */
async function provision(
  client: CognitoIdentityProviderClient,
  users: ConsoleUser[],
): Promise<{ userPoolId: string; clientId: string }> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === POOL_NAME)?.Id;
  if (userPoolId === undefined) {
    const created = await client.send(new CreateUserPoolCommand({ PoolName: POOL_NAME }));
    userPoolId = created.UserPool?.Id as string;
    for (const group of Object.values(Group))
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((known) => known.ClientName === CLIENT_NAME)?.ClientId;
  if (clientId === undefined) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      }),
    );
    clientId = created.UserPoolClient?.ClientId as string;
  }
  for (const user of users) {
    try {
      await client.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: user.name, MessageAction: 'SUPPRESS' }));
    } catch (error) {
      if ((error as Error).name !== 'UsernameExistsException') throw error;
    }
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.name, Password: user.password, Permanent: true }),
    );
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.name, GroupName: user.group }));
  }
  return { userPoolId, clientId };
}
