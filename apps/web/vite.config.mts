import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import postcssSimpleVars from 'postcss-simple-vars';
import { defineConfig } from 'vite';

/** apps/web, wherever the command runs from (npm scripts run at the repository's root). */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** The API the dev server forwards /api to (npm run dev:web; start the API with npm start first). */
const apiTarget = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [react()],
  css: {
    postcss: {
      plugins: [
        postcssPresetMantine(),
        postcssSimpleVars({
          variables: {
            'mantine-breakpoint-xs': '36em',
            'mantine-breakpoint-sm': '48em',
            'mantine-breakpoint-md': '62em',
            'mantine-breakpoint-lg': '75em',
            'mantine-breakpoint-xl': '88em',
          },
        }),
      ],
    },
  },
  build: {
    // Served by apps/api from <repo>/dist/web (WEB_DIST_DIR); scripts/build-web.mjs writes .source-hash beside it.
    outDir: '../../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // The libraries every page needs, in chunks of their own that stay cached between releases of the app;
        // pages, the editor and charts are split off by the lazy routes (src/app/routes.tsx).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/](core|hooks)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: apiTarget,
        // The API refuses changes whose Origin is not its own (cross-site protection); the dev server's own
        // pages are that origin's stand-in, so their Origin is rewritten, and only theirs.
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            const origin = req.headers.origin;
            const host = req.headers.host;
            if (origin && host && origin === `http://${host}`) proxyReq.setHeader('origin', apiTarget);
          });
        },
      },
    },
  },
});
