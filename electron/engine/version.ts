// Injected by the bundler for builds; read from package.json when running from source.
import pkg from '../../package.json';

export const APP_VERSION: string = pkg.version;
