// Sign in: paste a token, exchange it for a session cookie (POST /api/session); the
// token itself is not kept in the browser.
import { useState } from 'preact/hooks';
import { ApiProblem, fetchMe, startSession, type Me } from '../api.js';
import { t } from '../i18n.js';

export function SignInPage({ onSignIn, next }: { onSignIn: (me: Me, next?: string) => void; next?: string | undefined }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const value = token.trim();
    if (!value) return setError(t('badToken'));
    setBusy(true);
    setError(undefined);
    try {
      await startSession(value);
      setToken('');
      onSignIn(await fetchMe(), next);
    } catch (err) {
      setError(err instanceof ApiProblem && err.status === 401 ? `${t('badToken')}: ${err.detail}` : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="signin">
      <form class="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('signInTitle')}</h1>
        <p class="muted">{t('signInHelp')}</p>
        <label class="field">
          <span class="label">{t('token')}</span>
          <input
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            placeholder="ce_…"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            aria-invalid={error !== undefined}
          />
          {error !== undefined && (
            <span class="field-error" role="alert">
              {error}
            </span>
          )}
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </div>
  );
}
