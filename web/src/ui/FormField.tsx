import type { ReactNode } from 'react';

/** A labelled form field (NL Design System), with an optional description. */
export function FormField({ id, label, description, children }: { id: string; label: string; description?: string; children: ReactNode }) {
  return (
    <div className="utrecht-form-field utrecht-form-field--distanced">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {description && (
        <div className="utrecht-form-field__description utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      )}
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}
