import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One entry per page of the demo.
    rolldownOptions: {
      input: {
        index: `${import.meta.dirname}/index.html`,
        'mes-aides': `${import.meta.dirname}/mes-aides.html`,
      },
    },
  },
});
