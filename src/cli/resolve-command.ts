// Finds the program a command name stands for, the way a shell (or cross-spawn's `which`) would,
// so "not found" is known before spawning and can be said in one line.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { CommandNotFoundError } from './errors.js';

export function resolveCommand(command: string, env: NodeJS.ProcessEnv, cwd: string): string {
  const windows = process.platform === 'win32';
  // A name with a slash is a path, never looked up on PATH (POSIX execvp; cmd.exe likewise).
  if (command.includes('/') || (windows && command.includes('\\')) || isAbsolute(command)) {
    const file = resolve(cwd, command);
    const found = withExtensions(file, env, windows).find((candidate) => isFile(candidate));
    if (found === undefined) throw new CommandNotFoundError(command);
    // Not executable: let spawn report EACCES, which run() turns into exit 126.
    return found;
  }
  const path = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  for (const dir of path.split(delimiter)) {
    // An empty PATH entry means the current directory (POSIX).
    const base = join(dir === '' ? cwd : resolve(cwd, dir), command);
    const found = withExtensions(base, env, windows).find((candidate) => isExecutable(candidate, windows));
    if (found !== undefined) return found;
  }
  throw new CommandNotFoundError(command);
}

function withExtensions(file: string, env: NodeJS.ProcessEnv, windows: boolean): string[] {
  if (!windows) return [file];
  const extensions = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [file, ...extensions.map((ext) => file + ext.toLowerCase())];
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isExecutable(file: string, windows: boolean): boolean {
  if (!isFile(file)) return false;
  if (windows) return true;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
