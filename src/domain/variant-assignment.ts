// Champion/challenger assignment. The split must be reproducible by anyone with the
// strategy and the loan id (auditors, replays, a second worker), so it is a hash,
// never a random draw, and it is recorded on the case when the case starts.
import type { Strategy } from './strategy-schema';

/**
 * FNV-1a, 32-bit, over the string's UTF-16 code units (one XOR per unit, not per
 * byte, so it differs from byte-wise FNV-1a for non-ASCII text). Small, fast and
 * needs no node:crypto, which the workflow sandbox does not have.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The name of the variant a loan falls in: the hash of `${strategy.id}:${loanId}`
 * scaled to [0, total weight) picks a variant by cumulative weight, in the order the
 * variants are listed. The version is left out of the key, so a loan stays in the
 * same variant across versions that keep the same variants and weights; changing
 * weights moves some loans, which is why a case records its variant when it starts.
 */
export function assignVariant(strategy: Strategy, loanId: string): string {
  const total = strategy.variants.reduce((sum, variant) => sum + variant.weight, 0);
  // Exact in integers: hash < 2^32 and the schema caps total weight at 10^6, so the product stays below 2^53.
  const point = Math.floor((fnv1a32(`${strategy.id}:${loanId}`) * total) / 2 ** 32);
  let cumulative = 0;
  // point < total, so some variant's cumulative weight always exceeds it.
  return strategy.variants.find((variant) => (cumulative += variant.weight) > point)!.name;
}
