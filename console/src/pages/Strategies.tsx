// Placeholder: the strategy pages at /console/strategies are being built.
export function StrategiesPage({ path }: { path: string }) {
  return <h1>{path}</h1>;
}
