// Sign-in: username and password → session cookie. Wrong credentials and throttling show the
// server's message.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { ErrorBox } from '../components/ui.tsx';
import { LANGS, useI18n } from '../i18n/i18n.tsx';
import { useAuth } from '../lib/auth.tsx';

export function SignInPage() {
  const { t, lang, setLang } = useI18n();
  const { signIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-box card" onSubmit={(e) => void submit(e)} data-testid="sign-in">
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          {t('app.name')}
        </div>
        <p className="signin-tagline">{t('signIn.tagline')}</p>
        <label className="form-row">
          <span>{t('signIn.username')}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="form-row">
          <span>{t('signIn.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error !== undefined && <ErrorBox error={error} />}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <div className="lang lang-center" role="group" aria-label={t('header.language')}>
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              className={l === lang ? 'lang-btn active' : 'lang-btn'}
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
              data-lang-name=""
            >
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </form>
    </div>
  );
}
