// The icons in resources/: real PNGs at the sizes each OS wants, template variants black+alpha only, and in step
// with the drawing code (scripts/generate-icons.ts writes them; the tray draws its counted badge with the same code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { repoRoot } from './support/build-desktop.ts';
import { appIconPng, trayIconPng, renderTrayIcon, badgeText } from '../../src-main/desktop/icon-art.ts';

const resources = path.join(repoRoot, 'resources');

/** Width, height and RGBA pixels of a PNG as this project writes them (8-bit RGBA, filter 0). */
function decode(file: string) {
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  assert.equal(png[24], 8, 'bit depth 8');
  assert.equal(png[25], 6, 'RGBA');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at), type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

const opaqueShare = (rgba: Buffer) => {
  let n = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! > 128) n++;
  return n / (rgba.length / 4);
};

test('app icons exist at every size, 16 to 1024, plus icon.png at 512', () => {
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
    const { width, height, rgba } = decode(path.join(resources, 'icons', `${size}x${size}.png`));
    assert.deepEqual([width, height], [size, size]);
    assert.ok(opaqueShare(rgba) > 0.4, `${size}: the icon is drawn, not empty`);
  }
  assert.equal(decode(path.join(resources, 'icon.png')).width, 512);
});

test('tray icons exist for idle and alert at 16/22/32 with @2x, for dark and light panels and as macOS templates', () => {
  for (const size of [16, 22, 32]) {
    for (const kind of ['idle', 'alert']) {
      for (const [name, scale] of [[`${kind}-dark`, 1], [`${kind}-dark@2x`, 2], [`${kind}-light`, 1], [`${kind}-light@2x`, 2], [`${kind}Template`, 1], [`${kind}Template@2x`, 2]] as const) {
        const file = path.join(resources, 'tray', String(size), `${name}.png`);
        const { width, rgba } = decode(file);
        assert.equal(width, size * scale, file);
        const share = opaqueShare(rgba);
        assert.ok(share > 0.15 && share < 0.8, `${file}: a glyph on transparency (${share.toFixed(2)} opaque)`);
        if (name.includes('Template')) {
          for (let i = 0; i < rgba.length; i += 4) assert.ok(rgba[i] === 0 && rgba[i + 1] === 0 && rgba[i + 2] === 0, `${file}: template pixels are black (+alpha)`);
        }
      }
    }
  }
  // The dark-panel glyph is light and the light-panel glyph is dark.
  const lum = (file: string) => {
    const { rgba } = decode(path.join(resources, 'tray', '22', file));
    let sum = 0, n = 0;
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3]! > 200) { sum += rgba[i]! + rgba[i + 1]! + rgba[i + 2]!; n++; }
    return sum / n / 3;
  };
  assert.ok(lum('idle-dark.png') > 200 && lum('idle-light.png') < 80);
});

test('the committed files match the drawing code (re-run scripts/generate-icons.ts after changing it)', () => {
  assert.ok(readFileSync(path.join(resources, 'icons', '64x64.png')).equals(appIconPng(64)));
  assert.ok(readFileSync(path.join(resources, 'tray', '22', 'alert-light@2x.png')).equals(trayIconPng({ size: 44, theme: 'light', kind: 'alert' })));
  assert.ok(readFileSync(path.join(resources, 'tray', '16', 'idleTemplate.png')).equals(trayIconPng({ size: 16, theme: 'template', kind: 'idle' })));
  assert.ok(existsSync(path.join(resources, 'tray', '32', 'alertTemplate@2x.png')));
});

test('the live alert icon carries a count badge that changes with the count', () => {
  assert.deepEqual([badgeText(1), badgeText(9), badgeText(10), badgeText(250)], ['1', '9', '9+', '9+']);
  const three = renderTrayIcon({ size: 22, theme: 'dark', kind: 'alert', count: 3 });
  const seven = renderTrayIcon({ size: 22, theme: 'dark', kind: 'alert', count: 7 });
  const none = renderTrayIcon({ size: 22, theme: 'dark', kind: 'alert' });
  assert.notDeepEqual(three, seven, 'different counts draw differently');
  assert.notDeepEqual(three, none);
  // The badge sits bottom-right: that corner has white digit pixels on red.
  let white = 0;
  for (let y = 11; y < 22; y++) for (let x = 11; x < 22; x++) {
    const i = (y * 22 + x) * 4;
    if (three[i]! > 240 && three[i + 1]! > 240 && three[i + 2]! > 240 && three[i + 3]! > 240) white++;
  }
  assert.ok(white >= 5, `digit pixels in the badge (${white})`);
});
