/**
 * A random first port for a test's listeners, which use `span` ports from it: all below Linux's
 * ephemeral range (32768–60999), where any outgoing connection may hold a port as its local end at the
 * moment a server binds it. A CI run lost processes.test.ts so ("Embedded PostgreSQL did not start on
 * port 37028 … server exited") when ports were drawn from 20000–39999.
 */
export function randomTestPort(span = 1): number {
  return 20000 + Math.floor(Math.random() * (32768 - 20000 - span));
}
