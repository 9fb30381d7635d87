// A kubeconfig given as base64 of the whole file is a secret as a whole: it would otherwise show
// verbatim wherever the input is echoed. (A file path is not secret and stays readable in error
// messages; YAML input is masked through the credentials it holds, since masking its lines would
// blank `apiVersion: v1` everywhere.)
export function rawKubeconfigSecret(input: string | undefined): string[] {
  const compact = input?.replace(/\s+/g, '') ?? '';
  // Even the smallest kubeconfig is well over 100 characters of base64; paths have dots.
  return compact.length >= 100 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) ? [compact] : [];
}
