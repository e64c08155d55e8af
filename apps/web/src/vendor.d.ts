// postcss-simple-vars ships no types; the Vite config only hands it its variables.
declare module 'postcss-simple-vars' {
  import type { PluginCreator } from 'postcss';
  const plugin: PluginCreator<{ variables?: Record<string, string> }>;
  export default plugin;
}
