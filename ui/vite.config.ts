import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell embeds ui/dist; everything is bundled (strict CSP: no remote content).
// Two pages: the clerk's app (index.html) and the citizen window (citizen.html), a separate
// bundle holding none of the clerk's views or commands (src-tauri/capabilities/citizen.json).
export default defineConfig({
  plugins: [svelte()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { main: 'index.html', citizen: 'citizen.html' } },
  },
  // The check texts are shared with the Rust CLI: ../assets/i18n/*.json.
  server: { fs: { allow: ['.', '../assets/i18n'] } },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
