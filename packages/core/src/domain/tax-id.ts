// Taxpayer identifiers. Since 2015–2018 the taxpayer ID is the Unified Social Credit Code
// (GB 32100-2015); before that 15-character IDs (6-digit region + 9-character organization code)
// were issued. A failing checksum is a warning, never a rejection: some genuine pilot-era codes
// fail it (domain.md §4), so callers keep an allow-list.

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type TaxIdKind = 'uscc' | 'legacy15' | 'legacy-other';

export interface TaxIdCheck {
  /** The ID normalised: trimmed, upper case, half-width. */
  readonly normalized: string;
  readonly kind: TaxIdKind;
  /** USCC check character (position 18) is right; undefined for non-USCC IDs. */
  readonly checksumOk: boolean | undefined;
  /** Embedded organization code's own mod-11 check is right, where one is embedded. */
  readonly orgCodeOk: boolean | undefined;
  /** The 6-digit GB/T 2260 division code embedded in the ID, where there is one. */
  readonly regionCode: string | undefined;
}

/** Normalises a taxpayer ID as typed or exported: NFKC (full-width → ASCII), trim, upper case. */
export function normalizeTaxId(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

/**
 * The USCC check character for the first 17 characters, or undefined if any is outside the alphabet.
 * @example usccCheckChar('91110000600037341') // 'L'
 */
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i] ?? '?');
    if (v < 0) return undefined;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * The organization code check character (GB 11714) for 8 characters: 10 → 'X', 11 → '0'.
 * @example orgCodeCheckChar('60003734') // '1'
 */
export function orgCodeCheckChar(first8: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_ALPHABET.indexOf(first8[i] ?? '?');
    if (v < 0) return undefined;
    sum += v * (ORG_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Reads a taxpayer ID: undefined when it cannot be one (impossible length or characters — a bad
 * row); otherwise its kind and checks (a failed check is a warning).
 * @example checkTaxId('91110000600037341L')?.checksumOk // true
 */
export function checkTaxId(raw: string): TaxIdCheck | undefined {
  const id = normalizeTaxId(raw);
  if (id.length === 18 && [...id].every((c) => USCC_ALPHABET.includes(c))) {
    const org = id.slice(8, 17);
    return {
      normalized: id,
      kind: 'uscc',
      checksumOk: usccCheckChar(id.slice(0, 17)) === id[17],
      orgCodeOk: /^[0-9A-Z]{9}$/.test(org) ? orgCodeCheckChar(org.slice(0, 8)) === org[8] : false,
      regionCode: /^\d{6}$/.test(id.slice(2, 8)) ? id.slice(2, 8) : undefined,
    };
  }
  if (id.length === 15 && /^\d{6}[0-9A-Z]{9}$/.test(id)) {
    const org = id.slice(6);
    return {
      normalized: id,
      kind: 'legacy15',
      checksumOk: undefined,
      orgCodeOk: orgCodeCheckChar(org.slice(0, 8)) === org[8],
      regionCode: id.slice(0, 6),
    };
  }
  // 17- and 20-character legacy IDs (ID-card based, for sole traders) exist; accept them unverified.
  if ((id.length === 17 || id.length === 20) && /^[0-9A-Z]+$/.test(id)) {
    return {
      normalized: id,
      kind: 'legacy-other',
      checksumOk: undefined,
      orgCodeOk: undefined,
      regionCode: /^\d{6}/.test(id) ? id.slice(0, 6) : undefined,
    };
  }
  return undefined;
}

/**
 * Makes a valid USCC from its parts (used by the simulator and tests): authority+type (2 chars),
 * 6-digit region code and the 8-character organization code body; both check characters computed.
 * @example makeUscc('91', '110000', '60003734') // '91110000600037341L'
 */
export function makeUscc(prefix: string, regionCode: string, orgBody8: string): string {
  const org = `${orgBody8}${orgCodeCheckChar(orgBody8) ?? '0'}`;
  const first17 = `${prefix}${regionCode}${org}`;
  return `${first17}${usccCheckChar(first17) ?? '0'}`;
}
