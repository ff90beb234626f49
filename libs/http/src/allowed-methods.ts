import { METHODS } from 'node:http';
import type { Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * The methods the app's routes answer on the request's path, upper-cased and sorted (HEAD wherever GET is);
 * empty when no route has the path. It reads Express's router, so it sees every route Nest registered; a route for
 * every method (`app.all`, as middleware bound to paths is registered) says nothing about the path and is skipped.
 */
const answersEveryMethod = (methods: Record<string, boolean>) => methods['_all'] === true || METHODS.every((method) => methods[method.toLowerCase()]);

export function allowedMethods(req: Request): string[] {
  const stack: RouteLayer[] = (req.app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || answersEveryMethod(layer.route.methods) || !layer.match(req.path)) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size > 0) methods.add('OPTIONS');
  return [...methods].sort();
}
