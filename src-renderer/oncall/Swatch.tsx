// A person's colour, as on the timelines: beside their name wherever the page names them.
export function Swatch({ color }: { color: string }) {
  return <span className="swatch" aria-hidden="true" style={{ backgroundColor: color }} />;
}
