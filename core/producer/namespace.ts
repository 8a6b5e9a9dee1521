/**
 * Java `NamespaceUtil.wrapNamespace` for the names a producer uses: `<namespace>%<name>`, unless there is no
 * namespace, the name already carries it, or it is the auto-create template topic.
 */
export function withNamespace(namespace: string | undefined, name: string, templateTopic = 'TBW102'): string {
  if (!namespace || name === templateTopic || name.startsWith(`${namespace}%`)) return name;
  return `${namespace}%${name}`;
}
