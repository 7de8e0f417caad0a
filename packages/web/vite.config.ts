// The web app's build (`npm run build -w packages/web` → dist/, served by `oresight serve`) and
// dev server (`npm run dev -w packages/web`): /api is proxied to a running `oresight serve`
// (ORESIGHT_API, default http://127.0.0.1:8080), so the session cookie stays same-origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.ORESIGHT_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts is most of the weight: its own chunk, cached across releases of the app's code.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 1 },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
