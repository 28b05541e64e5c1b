// Placeholder: the agent pages at /console/queue are being built.
export function AgentQueuePage({ path }: { path: string }) {
  return <h1>{path}</h1>;
}
