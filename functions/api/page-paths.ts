/** The web pages' paths: the pages Lambda serves these (stacks/Api.ts pageRoutes), the API Lambda the rest. */
export const isPage = (path: string) => path === '/ui' || path.startsWith('/ui/');
