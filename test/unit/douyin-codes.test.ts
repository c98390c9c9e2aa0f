import { describe, expect, it } from 'vitest';
import { classifyDouyinCode, douyinErrorCode } from '../../lib/douyin/codes.js';

describe('Douyin error codes', () => {
  it.each([
    [0, 'ok'],
    [28001003, 'token'],
    [28001008, 'token'],
    [2190002, 'token'],
    [2190008, 'token'],
    [2100004, 'retry'],
    [2119002, 'retry'],
    [2119003, 'retry'],
    [28001005, 'retry'],
    [28001006, 'retry'],
    [5000001, 'retry'],
    [2100005, 'permanent'],
    [2119001, 'permanent'],
    [28001007, 'permanent'],
    [28001014, 'permanent'],
    [28001018, 'permanent'],
    [28001019, 'permanent'],
    [2119005, 'permanent'],
  ])('%i is %s', (code, expected) => {
    expect(classifyDouyinCode(code)).toBe(expected);
  });

  it.each([
    [{ data: { error_code: 0, description: '' } }, 0],
    [{ data: { error_code: '2100005', description: 'Parameter error' } }, 2100005],
    [{ error_code: 2119003 }, 2119003],
    [{ message: 'no code' }, undefined],
  ])('reads data.error_code, falling back to a top-level one: %j', (body, code) => {
    expect(douyinErrorCode(body)?.code).toBe(code);
  });
});
