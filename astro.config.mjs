// @ts-check
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import mdx from '@astrojs/mdx';

// A fully static site: every page works from any host, with no server behind it.
export default defineConfig({
  output: 'static',
  integrations: [react(), mdx()],
  server: { port: 4321 },
});
