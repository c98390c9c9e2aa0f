/** What a person is shown of a guest (`ops show`, the console): enough to recognise, not enough to leak. */

/** 张三 → 张*, Alice → A*** */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** zhangsan@example.com → z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '*'.repeat(Math.min(email.length, 8)) : `${email[0]}***${email.slice(at)}`;
}
