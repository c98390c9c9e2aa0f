/** The partner's money: decimals in yuan at the edge, integer fen inside (SPEC §3, reference §1.4). */

/** Fen → yuan with two decimals, exactly: 123456 → "1234.56". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Yuan as the partner writes it → fen, exactly, or undefined when it is not an amount of at most two
 * decimals: "1576.00" → 157600, "1576.5" → 157650, "1576" → 157600. No floating point on the way.
 * @example parseYuan('638.50') // 63850
 */
export function parseYuan(text: string): number | undefined {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
