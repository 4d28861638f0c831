import type { App, AppOptions } from './api-app';
import { appShell } from './api-app';
import { pages } from './pages';

/** The web pages under /ui (the spreadsheet export among them) and `/` sending a browser there. */
export function withPages(app: App, options: AppOptions = {}): App {
  app.route('/ui', pages({ dev: options.dev }));
  app.get('/', (c) => c.redirect('/ui', 302));
  return app;
}

/** The pages Lambda's app: the shell every request passes through, then the pages only. */
export const createPagesApp = () => withPages(appShell());
