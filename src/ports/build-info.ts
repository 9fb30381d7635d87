// Which Shakedown is running, for `shakedown --version` and bug reports. Either part is
// undefined when the installation cannot tell (a copied dist/, a checkout without git).
export interface BuildInfo {
  version: string | undefined;
  commit: string | undefined;
}
