import { FormField } from './FormField';

/** A labelled one-line text box with a description (NL Design System), e.g. a note or a reason. */
export function TextField({ id, label, description, value, maxLength, onChange }: { id: string; label: string; description: string; value: string; maxLength: number; onChange: (value: string) => void }) {
  return (
    <FormField id={id} label={label} description={description}>
      <input
        id={id}
        className="utrecht-textbox utrecht-textbox--html-input"
        value={value}
        maxLength={maxLength}
        autoComplete="off"
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormField>
  );
}
