// Placeholder: the auditor pages at /console/audit are being built.
export function AuditPage({ path }: { path: string }) {
  return <h1>{path}</h1>;
}
