// The web UI's entry: session (an HttpOnly cookie from POST /api/session, the user from /api/me), language,
// the top bar, and the page the URL names.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api, data, endSession, fetchMe, resumeSession, signedIn, type Me } from './api.js';
import { Loading, ProblemView } from './components.js';
import { lang, ROLES, setLang, setServerTime, t, word } from './i18n.js';
import { DashboardPage } from './pages/dashboard.js';
import { DefinitionPage, DefinitionsPage } from './pages/definitions.js';
import { EditorPage } from './pages/editor.js';
import { HeatmapPage } from './pages/heatmap.js';
import { HomePage } from './pages/home.js';
import { InstancePage } from './pages/instance.js';
import { SignInPage } from './pages/signin.js';
import { href, interceptLinks, navigate, useRoute, type Route } from './router.js';
import './styles.css';

function App() {
  const route = useRoute();
  const [, setLangState] = useState(lang());
  // undefined: not known yet (a reload asks the server whether its cookie is a session).
  const [token, setToken] = useState<boolean | undefined>(signedIn() ? true : undefined);
  useEffect(() => {
    if (token === undefined) resumeSession().then(setToken, () => setToken(false));
  }, []);
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [meError, setMeError] = useState<unknown>(undefined);

  useEffect(() => {
    setMe(undefined);
    setMeError(undefined);
    if (!token) return;
    fetchMe().then(setMe, (e: unknown) => {
      if (e instanceof ApiProblem && e.status === 401) signOut();
      else setMeError(e);
    });
    data(api.api.health.$get()).then((h) => setServerTime(h.time), () => undefined);
  }, [token]);

  useEffect(() => {
    const onUnauthorized = () => signOut();
    window.addEventListener('ce:unauthorized', onUnauthorized);
    return () => window.removeEventListener('ce:unauthorized', onUnauthorized);
  }, []);

  function signIn(user: Me, next?: string) {
    setToken(true);
    setMe(user);
    navigate(next && next.startsWith('/') ? next : '/', true);
  }

  function signOut() {
    // The server ends the session and clears the cookie before the sign-in page shows.
    void endSession().finally(() => setToken(false));
    setMe(undefined);
    const here = location.pathname + location.search;
    navigate(href({ page: 'signin', ...(here !== '/' && !here.startsWith('/ui/signin') ? { next: here } : {}) }), true);
  }

  const switchLang = () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    setLangState(lang());
  };

  useEffect(() => {
    document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  }, []);

  // Not signed in: every page but sign-in sends you there, and back afterwards.
  useEffect(() => {
    if (token === false && route.page !== 'signin') {
      const here = location.pathname + location.search;
      navigate(href({ page: 'signin', ...(here !== '/' ? { next: here } : {}) }), true);
    }
  }, [token, route.page]);

  let body;
  if (route.page === 'signin') body = <SignInPage onSignIn={signIn} next={route.next} />;
  else if (!token) body = <Loading />;
  else if (meError !== undefined) body = <ProblemView error={meError} retry={() => void resumeSession().then(setToken, () => setToken(false))} />;
  else if (!me) body = <Loading />;
  else body = <Page route={route} me={me} />;

  return (
    <>
      <header class="topbar">
        <a class="brand" href="/">
          <span class="logo" aria-hidden="true">
            专
          </span>
          <span class="brand-text">{t('appLong')}</span>
        </a>
        {me && (
          <nav class="nav">
            <a href="/" class={route.page === 'home' || route.page === 'dashboard' || route.page === 'heatmap' || route.page === 'instance' ? 'active' : ''}>
              {t('campaigns')}
            </a>
            <a href="/ui/definitions" class={route.page === 'definitions' || route.page === 'definition' || route.page === 'editor' ? 'active' : ''}>
              {t('definitions')}
            </a>
          </nav>
        )}
        <div class="user">
          {me && (
            <span class="who" data-testid="who" title={`${t('you')}: ${me.name}`}>
              <span class="who-name">{me.name}</span>
              <span class="who-role">
                {word(ROLES, me.role)} · {me.jurisdiction.name}
              </span>
            </span>
          )}
          <button type="button" class="lang" data-testid="lang" onClick={switchLang} title="中文 / English">
            {t('language')}
          </button>
          {token && (
            <button type="button" class="small ghost" data-testid="signout" onClick={signOut}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main class="main">{body}</main>
    </>
  );
}

function Page({ route, me }: { route: Route; me: Me }) {
  switch (route.page) {
    case 'home':
      return <HomePage me={me} />;
    case 'dashboard':
      return <DashboardPage id={route.id} code={route.code} me={me} />;
    case 'heatmap':
      return <HeatmapPage id={route.id} />;
    case 'instance':
      return <InstancePage id={route.id} me={me} />;
    case 'definitions':
      return <DefinitionsPage me={me} />;
    case 'definition':
      return <DefinitionPage id={route.id} version={route.version} me={me} />;
    case 'editor':
      return <EditorPage from={route.from} version={route.version} me={me} />;
    case 'signin':
      return null;
    case 'notfound':
      return <ProblemView error={new ApiProblem(404, 'not_found', route.path)} />;
  }
}

interceptLinks();
const root = document.getElementById('app')!;
root.replaceChildren(); // the boot text
render(<App />, root);
