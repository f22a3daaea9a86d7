import { Link } from 'react-router';
import { CenteredPage } from '../components/Page';
import { Panel } from '../components/Panel';

export function NotFoundPage() {
  return (
    <CenteredPage>
      <title>Page not found · Newsdesk</title>
      <Panel>
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to="/">Go to the queue</Link>
      </Panel>
    </CenteredPage>
  );
}
