export { loadUserCatalog, mergeCatalogs } from './user-catalog';
