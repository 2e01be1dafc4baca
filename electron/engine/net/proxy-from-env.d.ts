// proxy-from-env 2.x ships no type declarations; this is the one function the engine calls.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` by HTTP(S)_PROXY / ALL_PROXY and NO_PROXY (npm_config_* too); '' when not proxied. */
  export function getProxyForUrl(url: string | URL): string;
}
