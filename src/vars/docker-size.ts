// Docker's log max-size ("100m": 1024-based k/m/g) as a Kubernetes quantity ("100Mi")
// for kubelet, which would read "100m" as a tenth of a byte. Shared by the template
// helper and the expression filter of the same name.
export function dockerSizeQuantity(text: string): string {
  const m = /^\s*(\d+)\s*([kmg])?b?\s*$/i.exec(text);
  if (!m) return text;
  const unit = m[2] ? { k: 'Ki', m: 'Mi', g: 'Gi' }[m[2].toLowerCase() as 'k' | 'm' | 'g'] : '';
  return `${m[1]}${unit}`;
}
