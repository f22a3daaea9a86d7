import react from '@vitejs/plugin-react';
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

export default defineConfig({
  plugins: [react(), inquiryPage()],
  server: {
    proxy: {
      // The backend serves the API on the same origin in production; mirror that in development.
      '/api': { target: 'http://localhost:3000' },
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
