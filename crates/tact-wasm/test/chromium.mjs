// Launching Debian's Chromium through playwright-core (no browser download): headless, no
// network beyond 127.0.0.1 (the background-networking flags keep it from calling home), a
// fresh profile directory each time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The Chromium binary: $CHROMIUM, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Starts Chromium with a fresh profile. Resolves to `{ context, close }`; `close()` ends the
 * browser and removes the profile.
 */
export async function launch() {
  const { chromium } = require("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "tact-chromium-"));
  // Playwright passes the profile as --user-data-dir itself (and refuses it among `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1100, height: 760 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
