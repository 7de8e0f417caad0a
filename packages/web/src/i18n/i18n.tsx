// Chinese by default, English on request (remembered in localStorage). Every string the UI shows
// comes from the dictionaries (zh.ts, en.ts: the same keys, checked by the compiler and a test);
// numbers and dates are formatted for the language.
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import type { MessageKey } from './zh.ts';
import { zh } from './zh.ts';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
const STORAGE_KEY = 'oresight.lang';

export const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { zh, en };

export type Params = Readonly<Record<string, string | number>>;

/** A message with `{name}` placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

export interface I18n {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Params): string;
  /** A key that may not exist (rule ids, flag names from the server): its text, or undefined. */
  tMaybe(key: string, params?: Params): string | undefined;
  /** Picks the text of a `{ zh, en }` pair or the Chinese / English fields of a record. */
  pick(zhText: string | null | undefined, enText: string | null | undefined): string;
  readonly locale: string;
}

const Context = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage may be blocked: Chinese, the default.
  }
  return 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, still switched.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tMaybe: (key, params) =>
        Object.prototype.hasOwnProperty.call(DICTIONARIES[lang], key)
          ? translate(lang, key as MessageKey, params)
          : undefined,
      pick: (zhText, enText) => (lang === 'zh' ? (zhText ?? enText ?? '') : (enText ?? zhText ?? '')),
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    }),
    [lang, setLang],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
