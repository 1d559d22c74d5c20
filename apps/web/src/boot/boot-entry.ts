/** The boot script's entry (`/boot.js`): starts the page's first requests and leaves them where the app finds them. */
import { BOOT_GLOBAL, startBoot } from './boot.ts';

(window as unknown as Record<string, unknown>)[BOOT_GLOBAL] = startBoot(window);
