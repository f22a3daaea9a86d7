import { CenteredPage } from '../components/Page';
import { Panel } from '../components/Panel';
/** Shown when a page fails to render; a full reload is the safest way back. */
export function ErrorPage() {
  return (
    <CenteredPage>
      <title>Error · Newsdesk</title>
      <Panel role="alert">
        <h1>Something went wrong</h1>
        <p>This page could not be shown.</p>
        <a href="/">Reload Newsdesk</a>
      </Panel>
    </CenteredPage>
  );
}
