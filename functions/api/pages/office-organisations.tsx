/** @jsxImportSource hono/jsx */
import { actorOf } from './context';
import { area } from './errors';

/** Loaded with the first organisation page: the pages' cold start does not pay for it (the bundle's ceiling). */
const views = () => import('./organisation-views');

/** The organisation tree with search and the forms that keep it (the city office, and a district bureau for its own district). */
export function organisationPages() {
  const pages = area();
  pages.use('*', async (c, next) => {
    actorOf(c, 'city-admin', 'district-reviewer');
    await next();
  });
  pages.get('/', async (c) => (await views()).showTree(c));
  pages.post('/', async (c) => (await views()).create(c));
  pages.get('/:id', async (c) => (await views()).showOrganisation(c));
  pages.post('/:id', async (c) => (await views()).edit(c));
  pages.post('/:id/move', async (c) => (await views()).move(c));
  pages.post('/:id/status', async (c) => (await views()).changeStatus(c));
  return pages;
}
