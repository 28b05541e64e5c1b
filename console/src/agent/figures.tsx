// Labelled figures as a description list: a task's particulars, the debtor's
// details, the case now. Figures without a value are left out.
import type { ReactNode } from 'react';

export function Figures({ figures }: { figures: [label: string, value: ReactNode | undefined][] }) {
  return (
    <dl className="figures">
      {figures
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
