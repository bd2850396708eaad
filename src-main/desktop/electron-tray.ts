// The tray factory over Electron's Tray, Menu and nativeImage: picks the icon each OS wants and draws what the
// tray service decided. macOS: a template image (the menu bar tints it) and the count as the tray's title.
// Windows (16 px) and Linux (22 px): a colour glyph for the panel's theme, with the count drawn as a badge.
import path from 'node:path';
import type { Menu as MenuType, NativeImage, NativeTheme, Tray as TrayType } from 'electron';
import type { TrayFactory, TrayHandle, TrayIconState, TrayMenuItem } from './tray.ts';
import { trayIconPng, type TrayTheme } from './icon-art.ts';

export interface ElectronTrayDeps {
  Tray: new (image: NativeImage) => TrayType;
  Menu: Pick<typeof MenuType, 'buildFromTemplate'>;
  nativeImage: { createFromPath(p: string): NativeImage; createEmpty(): NativeImage };
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'on' | 'removeListener'>;
  platform: NodeJS.Platform;
  /** The app's resources/ folder. */
  resourcesDir: string;
}

/** A TrayFactory whose handles also give the Electron Tray (the smoke test looks at it). */
export type ElectronTrayFactory = (...args: Parameters<TrayFactory>) => TrayHandle & { readonly native: TrayType };

export function electronTrayFactory(deps: ElectronTrayDeps): ElectronTrayFactory {
  const mac = deps.platform === 'darwin';
  const size = deps.platform === 'linux' ? 22 : 16;
  const theme = (): TrayTheme => (mac ? 'template' : deps.nativeTheme.shouldUseDarkColors ? 'dark' : 'light');

  const imageFor = (state: TrayIconState): NativeImage => {
    if (state.kind === 'alert' && state.triggered > 0 && !mac) {
      // One representation per scale factor, so the badge is sharp on HiDPI panels too.
      const image = deps.nativeImage.createEmpty();
      for (const scaleFactor of [1, 2]) {
        image.addRepresentation({
          scaleFactor, width: size, height: size,
          buffer: trayIconPng({ size: size * scaleFactor, theme: theme(), kind: 'alert', count: state.triggered }),
        });
      }
      return image;
    }
    const name = mac ? `${state.kind}Template.png` : `${state.kind}-${theme()}.png`;
    // createFromPath picks up name@2x.png beside it; a *Template name makes it a macOS template image.
    const image = deps.nativeImage.createFromPath(path.join(deps.resourcesDir, 'tray', String(size), name));
    if (mac) image.setTemplateImage(true);
    return image;
  };

  return (initial, onClick) => {
    let current = initial;
    const tray = new deps.Tray(imageFor(initial));
    tray.on('click', onClick);
    const redraw = () => {
      tray.setImage(imageFor(current));
      if (mac) tray.setTitle(current.kind === 'alert' ? String(current.triggered) : '');
    };
    deps.nativeTheme.on('updated', redraw);
    return {
      native: tray,
      setIcon(state) {
        current = state;
        redraw();
      },
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (items: TrayMenuItem[]) => tray.setContextMenu(deps.Menu.buildFromTemplate(items)),
      destroy() {
        deps.nativeTheme.removeListener('updated', redraw);
        tray.destroy();
      },
    };
  };
}
