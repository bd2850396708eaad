// Writes Klaxon's PNG icons into resources/ from the drawing code in src-main/desktop/icon-art.ts (the tray draws
// its counted badge at run time with the same code, so the files and the live icon always match).
//   scripts/with-node24 node scripts/generate-icons.ts
// Layout: resources/icon.png (512, electron-builder's source for icns/ico), resources/icons/<N>x<N>.png (the app
// icon at every size Linux/Windows/macOS ask for), resources/tray/<16|22|32>/ (tray icons, each with @2x):
// idle-<theme>.png / alert-<theme>.png for dark and light panels, idleTemplate.png / alertTemplate.png for macOS.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPng, trayIconPng, type TrayTheme } from '../src-main/desktop/icon-art.ts';

const resources = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'resources');
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const TRAY_SIZES = [16, 22, 32];

const write = (rel: string, png: Buffer) => {
  const file = path.join(resources, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png);
  return rel;
};

const written: string[] = [];
for (const size of APP_SIZES) written.push(write(`icons/${size}x${size}.png`, appIconPng(size)));
written.push(write('icon.png', appIconPng(512)));

for (const size of TRAY_SIZES) {
  for (const scale of [1, 2]) {
    const suffix = scale === 2 ? '@2x' : '';
    for (const kind of ['idle', 'alert'] as const) {
      for (const theme of ['dark', 'light'] as TrayTheme[]) {
        written.push(write(`tray/${size}/${kind}-${theme}${suffix}.png`, trayIconPng({ size: size * scale, theme, kind })));
      }
      written.push(write(`tray/${size}/${kind}Template${suffix}.png`, trayIconPng({ size: size * scale, theme: 'template', kind })));
    }
  }
}
process.stdout.write(`wrote ${written.length} icons into ${resources}\n`);
