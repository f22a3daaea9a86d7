import react from '@vitejs/plugin-react';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** In development, /inquiry answers like the backend's route does (with inquiry.html). */
function inquiryPage(): Plugin {
  return {
    name: 'newsdesk-inquiry-page',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url === '/inquiry' || request.url?.startsWith('/inquiry?')) request.url = request.url.replace('/inquiry', '/inquiry.html');
        next();
      });
    },
  };
}

/**
 * The backend accepts browser writes only from its own origin: PUBLIC_URL when set, else the Host it
 * was reached by (the proxy forwards Vite's Host, so that matches). With PUBLIC_URL set, requests
 * from this dev server's own pages present it; other origins pass through unchanged and are refused.
 */
function presentPublicOrigin(proxy: { on(event: 'proxyReq', listener: (proxyRequest: { setHeader(name: string, value: string): void }, request: IncomingMessage) => void): unknown }): void {
  const publicUrl = process.env.PUBLIC_URL;
  if (!publicUrl) return;
  const publicOrigin = new URL(publicUrl).origin;
  proxy.on('proxyReq', (proxyRequest, request) => {
    if (request.headers.origin && request.headers.origin === `http://${request.headers.host}`) proxyRequest.setHeader('origin', publicOrigin);
  });
}

export default defineConfig({
  plugins: [react(), inquiryPage()],
  server: {
    proxy: {
      // The backend serves the API on the same origin in production; mirror that in development.
      '/api': { target: 'http://localhost:3000', configure: presentPublicOrigin },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the dashboard, and the public inquiry form, which must not load the dashboard's bundle.
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        inquiry: fileURLToPath(new URL('inquiry.html', import.meta.url)),
      },
    },
  },
});
