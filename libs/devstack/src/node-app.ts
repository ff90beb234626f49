import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface NodeAppHandle {
  name: string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Runs one of the repo's TypeScript entry points from source (SWC, with the
 * workspace's path aliases), prefixing each output line with its name.
 */
export function startNodeApp(options: {
  name: string;
  entry: string;
  cwd: string;
  env: Record<string, string>;
  output?: (line: string) => void;
}): NodeAppHandle {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', options.entry], {
    cwd: options.cwd,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = options.output ?? ((line: string) => process.stdout.write(`[${options.name}] ${line}\n`));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', output);
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name: options.name,
    child,
    exited,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
