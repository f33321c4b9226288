import { NoReverseMatch } from '../http/exceptions';
import type { ViewFunction } from './types';

/** Names and child namespaces of one namespace, for reverse(). */
export interface NamespaceNode<E> {
  names: Map<string | ViewFunction, E[]>;
  children: Map<string, NamespaceNode<E>>;
  /** Application namespace → instance namespaces, in order of deployment. */
  apps: Map<string, string[]>;
}

/** An empty namespace. */
export function newNamespace<E>(): NamespaceNode<E> {
  return { names: new Map(), children: new Map(), apps: new Map() };
}

/**
 * The patterns a name (`'ns:inner:name'`) or view function stands for, walking namespaces as
 * Django does: an application namespace picks the current app's instance, else the instance of
 * that name, else the last one deployed. Throws NoReverseMatch for an unknown namespace.
 */
export function lookupName<E>(
  root: NamespaceNode<E>,
  viewName: string | ViewFunction,
  currentApp: string | undefined,
): { name: string | ViewFunction; candidates: E[] } {
  let node = root;
  let name: string | ViewFunction = viewName;
  if (typeof viewName === 'string') {
    const path = viewName.split(':');
    name = path.pop() as string;
    let currentPath = currentApp ? currentApp.split(':').reverse() : null;
    const resolved: string[] = [];
    for (let ns of path) {
      const currentNs = currentPath && currentPath.length > 0 ? currentPath.pop() : undefined;
      const instances = node.apps.get(ns);
      if (instances) {
        if (currentNs && instances.includes(currentNs)) ns = currentNs;
        else if (!instances.includes(ns)) ns = instances[instances.length - 1];
      }
      if (ns !== currentNs) currentPath = null;
      const child = node.children.get(ns);
      if (!child) {
        throw new NoReverseMatch(
          resolved.length > 0
            ? `'${ns}' is not a registered namespace inside '${resolved.join(':')}'`
            : `'${ns}' is not a registered namespace`,
        );
      }
      resolved.push(ns);
      node = child;
    }
  }
  return { name, candidates: node.names.get(name) ?? [] };
}
