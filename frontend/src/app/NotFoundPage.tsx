import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="centered-page">
      <title>Page not found · Newsdesk</title>
      <div className="panel">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to="/">Go to the queue</Link>
      </div>
    </main>
  );
}
