import type { ReactNode } from 'react';

type AlertType = 'info' | 'ok' | 'warning' | 'error';

/** An NL Design System alert; errors and warnings are announced (role=alert), the rest politely. */
export function Alert({ type = 'info', heading, children }: { type?: AlertType; heading?: string; children?: ReactNode }) {
  return (
    <div className={`utrecht-alert utrecht-alert--${type}`} role={type === 'error' || type === 'warning' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          {heading && <p className="utrecht-paragraph app-alert-heading">{heading}</p>}
          {children}
        </div>
      </div>
    </div>
  );
}
