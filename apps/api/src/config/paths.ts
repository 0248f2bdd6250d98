import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's top folder (the one holding nx.json), wherever npm was started from. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (dir !== path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** Files shipped with the API (common-password list, ...). */
export function assetPath(name: string): string {
  return path.join(projectRoot(), 'apps', 'api', 'assets', name);
}
