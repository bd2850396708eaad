// Klaxon's icons, drawn in code: a bell (with sound waves when something is triggered), an app icon on a red
// rounded square, and a count badge. scripts/generate-icons.ts writes the PNGs in resources/ with this; the tray
// draws "alert with N" at run time with it, since a file per count and size would be hundreds of files.
// Plain RGBA rasterising with supersampling for smooth edges, and a minimal PNG encoder over node:zlib.
import { deflateSync, crc32 } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];

/** A layer paints `color` where `inside` holds. x/y are in the unit square (0..1, y down); px/py in pixels. */
interface Layer {
  inside(x: number, y: number, px: number, py: number): boolean;
  color: Rgba | ((x: number, y: number) => Rgba) | 'clear';
}

const SUPERSAMPLE = 4;

/** Paints layers (the first wins where they overlap) into a size×size RGBA image, averaging SUPERSAMPLE² samples a pixel. */
function rasterise(size: number, layers: readonly Layer[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const fx = px + (sx + 0.5) / SUPERSAMPLE;
          const fy = py + (sy + 0.5) / SUPERSAMPLE;
          const x = fx / size, y = fy / size;
          for (const layer of layers) {
            if (!layer.inside(x, y, fx, fy)) continue;
            if (layer.color !== 'clear') {
              const c = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
              const alpha = c[3] / 255;
              r += c[0] * alpha; g += c[1] * alpha; b += c[2] * alpha; a += alpha;
            }
            break;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        // Un-premultiply the average so edge pixels keep the true colour at partial alpha.
        out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((a / n) * 255);
      }
    }
  }
  return out;
}

// ── shapes, in unit coordinates ──

type Shape = (x: number, y: number) => boolean;

const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const capsule = (x0: number, x1: number, cy: number, r: number): Shape => (x, y) => {
  const nx = Math.min(Math.max(x, x0), x1);
  return (x - nx) ** 2 + (y - cy) ** 2 <= r * r;
};

const roundedSquare = (inset: number, radius: number): Shape => (x, y) => {
  const lo = inset + radius, hi = 1 - inset - radius;
  const nx = Math.min(Math.max(x, lo), hi), ny = Math.min(Math.max(y, lo), hi);
  return (x - nx) ** 2 + (y - ny) ** 2 <= radius * radius;
};

/** The bell's body: a dome that flares to the rim. Half-width as a function of height. */
const bellBody: Shape = (x, y) => {
  const top = 0.2, bottom = 0.72;
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  const shoulder = 0.34;
  const half = t < shoulder
    ? 0.25 * Math.sqrt(1 - ((shoulder - t) / shoulder) ** 2)
    : 0.25 + 0.1 * ((t - shoulder) / (1 - shoulder)) ** 2;
  return Math.abs(x - 0.5) <= half;
};

const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));

/** The whole bell in the unit square: knob, body, rim and clapper. */
const bell: Shape = union(
  circle(0.5, 0.15, 0.065),
  bellBody,
  capsule(0.15, 0.85, 0.735, 0.045),
  circle(0.5, 0.8, 0.085),
);

/** The same shape drawn at `scale`, centred on (cx, cy). */
const placed = (shape: Shape, scale: number, cx = 0.5, cy = 0.5): Shape =>
  (x, y) => shape((x - cx) / scale + 0.5, (y - cy) / scale + 0.5);

/** Sound waves either side of the bell: one ring arc each side, within ±35° of horizontal. */
const waves = (cx: number, cy: number, r0: number, r1: number): Shape => (x, y) => {
  const dx = x - cx, dy = y - cy;
  const d2 = dx * dx + dy * dy;
  if (d2 < r0 * r0 || d2 > r1 * r1) return false;
  return Math.abs(Math.atan2(dy, Math.abs(dx))) <= (35 * Math.PI) / 180;
};

// ── the count badge: a pill with pixel digits (3×5 font), drawn on the pixel grid so it stays crisp at 16 px ──

const DIGITS: Record<string, readonly string[]> = {
  0: ['111', '101', '101', '101', '111'], 1: ['010', '110', '010', '010', '111'], 2: ['111', '001', '111', '100', '111'],
  3: ['111', '001', '111', '001', '111'], 4: ['101', '101', '111', '001', '001'], 5: ['111', '100', '111', '001', '111'],
  6: ['111', '100', '111', '101', '111'], 7: ['111', '001', '010', '010', '010'], 8: ['111', '101', '111', '101', '111'],
  9: ['111', '101', '111', '001', '111'], '+': ['000', '010', '111', '010', '000'],
};

export const badgeText = (count: number): string => (count > 9 ? '9+' : String(Math.max(0, Math.floor(count))));

interface Badge { pill: Shape; ring: Shape; text: (px: number, py: number) => boolean }

function badge(size: number, text: string): Badge {
  const cell = Math.max(1, Math.floor(size / 16));          // font pixel size: 1 at 16 px, 2 at 32 px…
  const textW = (text.length * 4 - 1) * cell, textH = 5 * cell;
  const h = Math.max(textH + 4 * cell, Math.round(size * 0.56));
  const w = Math.max(h, textW + 4 * cell);
  const left = size - w, top = size - h;                    // bottom-right corner, in pixels
  const ox = left + Math.floor((w - textW) / 2), oy = top + Math.floor((h - textH) / 2);
  const r = h / 2 / size;
  const cy = (top + h / 2) / size;
  const x0 = (left + h / 2) / size, x1 = (left + w - h / 2) / size;
  return {
    pill: capsule(x0, x1, cy, r),
    ring: capsule(x0, x1, cy, r + 1.2 / size * cell),
    text: (px, py) => {
      const gx = Math.floor((px - ox) / cell), gy = Math.floor((py - oy) / cell);
      if (gy < 0 || gy >= 5 || gx < 0) return false;
      const ch = text[Math.floor(gx / 4)];
      const col = gx % 4;
      if (ch === undefined || col === 3) return false;
      return DIGITS[ch]?.[gy]?.[col] === '1';
    },
  };
}

// ── the icons ──

export type TrayTheme = 'dark' | 'light' | 'template';

/** Glyph colours. `dark` is for a dark panel (light glyph), `light` for a light panel; template is black+alpha (macOS tints it). */
const GLYPH: Record<TrayTheme, { idle: Rgba; alert: Rgba }> = {
  dark: { idle: [240, 240, 240, 255], alert: [255, 99, 105, 255] },
  light: { idle: [36, 41, 47, 255], alert: [214, 40, 46, 255] },
  template: { idle: [0, 0, 0, 255], alert: [0, 0, 0, 255] },
};
const BADGE_FILL: Rgba = [214, 40, 46, 255];
const WHITE: Rgba = [255, 255, 255, 255];

export interface TrayIconSpec {
  /** Pixel size (already multiplied by the scale factor). */
  size: number;
  theme: TrayTheme;
  kind: 'idle' | 'alert';
  /** Triggered incidents to show on a badge (alert only; 0 = no badge). Template icons never carry one (macOS shows a title). */
  count?: number;
}

export function renderTrayIcon(spec: TrayIconSpec): Uint8Array {
  const colours = GLYPH[spec.theme];
  const layers: Layer[] = [];
  if (spec.kind === 'alert' && spec.count && spec.count > 0 && spec.theme !== 'template') {
    const b = badge(spec.size, badgeText(spec.count));
    layers.push(
      { inside: (_x, _y, px, py) => b.text(px, py), color: WHITE },
      { inside: b.pill, color: BADGE_FILL },
      { inside: b.ring, color: 'clear' },
    );
  }
  if (spec.kind === 'alert' && layers.length > 0) {
    // With a badge in the corner, the bell moves up-left and rings without waves, so both stay legible at 16 px.
    layers.push({ inside: placed(bell, 0.86, 0.42, 0.43), color: colours.alert });
  } else if (spec.kind === 'alert') {
    layers.push(
      { inside: placed(bell, 0.8, 0.5, 0.52), color: colours.alert },
      { inside: waves(0.5, 0.45, 0.39, 0.48), color: colours.alert },
    );
  } else {
    layers.push({ inside: placed(bell, 1.02, 0.5, 0.5), color: colours.idle });
  }
  return rasterise(spec.size, layers);
}

/** The application icon: a white bell ringing on a red rounded square (macOS grid: ~10% margin). */
export function renderAppIcon(size: number): Uint8Array {
  const background = (_x: number, y: number): Rgba => {
    const t = Math.min(1, Math.max(0, (y - 0.1) / 0.8));
    return [Math.round(238 - 40 * t), Math.round(72 - 30 * t), Math.round(64 - 24 * t), 255];
  };
  return rasterise(size, [
    { inside: placed(bell, 0.56, 0.5, 0.53), color: WHITE },
    { inside: placed(waves(0.5, 0.45, 0.39, 0.48), 0.7, 0.5, 0.5), color: [255, 255, 255, 215] },
    { inside: roundedSquare(0.1, 0.18), color: background },
  ]);
}

// ── PNG ──

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour+alpha, 8-bit PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export const trayIconPng = (spec: TrayIconSpec): Buffer => encodePng(spec.size, spec.size, renderTrayIcon(spec));
export const appIconPng = (size: number): Buffer => encodePng(size, size, renderAppIcon(size));
