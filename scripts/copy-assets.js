#!/usr/bin/env node
// `npm run build` step: copy the non-TypeScript files that ship with the package (Pug templates
// such as the forms mixins) from src/ to dist/, keeping their paths.
'use strict';
const { cpSync, readdirSync, statSync, mkdirSync } = require('node:fs');
const { join, dirname, relative } = require('node:path');

const root = join(__dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.pug')) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}

walk(src);
