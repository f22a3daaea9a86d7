/** Shown when a page fails to render; a full reload is the safest way back. */
export function ErrorPage() {
  return (
    <main className="centered-page">
      <title>Error · Newsdesk</title>
      <div className="panel" role="alert">
        <h1>Something went wrong</h1>
        <p>This page could not be shown.</p>
        <a href="/">Reload Newsdesk</a>
      </div>
    </main>
  );
}
