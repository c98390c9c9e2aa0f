/** CONSOLE_USERS (SPEC §10): `name:group:password`, comma-separated; unset, one operator whose password is made here. */
import { describe, expect, it } from 'vitest';
import { consoleUsers } from '../../local/cognito.js';

describe('CONSOLE_USERS', () => {
  it('reads each user with its group and a password that may hold colons', () => {
    expect(consoleUsers('mia:revenue:Mia-pass-1!, val:viewer:a:b:c')).toEqual({
      users: [
        { name: 'mia', group: 'revenue', password: 'Mia-pass-1!' },
        { name: 'val', group: 'viewer', password: 'a:b:c' },
      ],
      generated: false,
    });
  });

  it('makes one operator with a fresh password when unset', () => {
    const { users, generated } = consoleUsers(undefined);
    expect(generated).toBe(true);
    expect(users).toEqual([{ name: 'operator', group: 'operator', password: expect.stringMatching(/^Op-.{12}1a!$/) }]);
    expect(consoleUsers('').users[0]?.password).not.toBe(users[0]?.password);
  });

  it.each([
    ['mia:admin:pw', 'mia’s group admin is not one of viewer, revenue, operator'],
    ['mia', 'expected name:group:password'],
  ])('refuses %s, naming what is wrong', (setting, message) => {
    expect(() => consoleUsers(setting)).toThrowError(message.replace('’', "'"));
  });
});
