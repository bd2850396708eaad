// Imported first by main.tsx, before any schema from src-shared is built. Zod compiles object parsers with
// `new Function` unless told not to, and merely probing for that is reported as a violation of the window's CSP
// (no 'unsafe-eval'). The window never needs the faster parsers.
import { z } from 'zod';

z.config({ jitless: true });
